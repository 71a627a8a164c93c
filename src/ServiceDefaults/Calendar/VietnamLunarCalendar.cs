namespace Platform.WorkCalendar;

/// <summary>A day of the Vietnamese lunar calendar (âm lịch): year as the Gregorian year its month 1 begins in.</summary>
public readonly record struct LunarDate(int Year, int Month, int Day, bool LeapMonth);

/// <summary>
/// The Vietnamese lunisolar calendar (âm lịch) computed astronomically for Vietnam's time zone, UTC+7.
/// A month begins on the local day of the new moon; month 11 is the month containing the winter solstice;
/// when 13 months fall between two months 11, the first of them without a principal solar term (trung khí,
/// the sun's longitude crossing a multiple of 30°) is the leap month. Because the day a new moon or solar
/// term falls on depends on the time zone, this calendar differs from China's (UTC+8) in some years — Tết
/// 2007 was on 17 February in Vietnam and 18 February in China, Tết 1985 a whole month apart.
/// New moons follow the lunation series of J. Meeus, <i>Astronomical Algorithms</i> ch. 49 (accurate to
/// well under a minute); the sun's longitude his low-accuracy series, ch. 25 (about 0.01°, some 15 minutes).
/// Valid for <see cref="MinYear"/>–<see cref="MaxYear"/>.
/// </summary>
public static class VietnamLunarCalendar
{
    public const int MinYear = 1900;
    public const int MaxYear = 2199;

    private const double TimeZoneHours = 7;
    private const double SynodicMonth = 29.530588861;
    /// <summary>Julian Ephemeris Day of the new moon of 6 January 2000 (lunation k = 0).</summary>
    private const double NewMoonEpoch = 2451550.09766;
    /// <summary>Julian Day Number of 1 January 0001 (DateOnly.DayNumber 0).</summary>
    private const int JulianDayOfDayNumberZero = 1721426;

    /// <summary>Mùng 1 Tết: the first day of the lunar year beginning in Gregorian <paramref name="year"/>.</summary>
    public static DateOnly NewYear(int year) => ToSolar(year, 1, 1);

    /// <summary>
    /// The Gregorian date of day <paramref name="day"/> of month <paramref name="month"/> of lunar year
    /// <paramref name="lunarYear"/> (the one whose month 1 begins in that Gregorian year).
    /// </summary>
    public static DateOnly ToSolar(int lunarYear, int month, int day, bool leapMonth = false)
    {
        if (month is < 1 or > 12) throw new ArgumentOutOfRangeException(nameof(month));
        if (day is < 1 or > 30) throw new ArgumentOutOfRangeException(nameof(day));
        var months = MonthsOf(lunarYear);
        var index = months.FindIndex(m => m.Number == month && m.Leap == leapMonth);
        if (index < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(leapMonth), $"Lunar year {lunarYear} has no leap month {month}.");
        }
        var (start, next) = (months[index].Start, months[index + 1].Start);
        var date = start.AddDays(day - 1);
        if (date >= next) throw new ArgumentOutOfRangeException(nameof(day), $"Month {month} of lunar year {lunarYear} has {next.DayNumber - start.DayNumber} days.");
        return date;
    }

    /// <summary>The lunar date of a Gregorian date.</summary>
    public static LunarDate FromSolar(DateOnly date)
    {
        // The lunar year holding the date begins in the date's Gregorian year or, in January–February, the one before.
        foreach (var year in new[] { date.Year, date.Year - 1 })
        {
            var months = MonthsOf(year);
            for (var i = 0; i < months.Count - 1; i++)
            {
                if (date >= months[i].Start && date < months[i + 1].Start)
                {
                    return new LunarDate(year, months[i].Number, date.DayNumber - months[i].Start.DayNumber + 1, months[i].Leap);
                }
            }
        }
        throw new InvalidOperationException($"No lunar month holds {date:yyyy-MM-dd}.");
    }

    private readonly record struct LunarMonth(int Number, bool Leap, DateOnly Start);

    /// <summary>
    /// Months 1…12 (and a leap month if any) of the lunar year beginning in Gregorian <paramref name="lunarYear"/>,
    /// followed by the first month of the next lunar year as an end marker.
    /// </summary>
    private static List<LunarMonth> MonthsOf(int lunarYear)
    {
        if (lunarYear is < MinYear or > MaxYear)
        {
            throw new ArgumentOutOfRangeException(nameof(lunarYear), $"The lunar calendar is computed for {MinYear}–{MaxYear}.");
        }
        // Label the months from month 11 of the year before to month 11 two years on (two solstice-to-solstice spans).
        var labelled = new List<LunarMonth>();
        foreach (var (fromK, toK) in new[] { (Month11(lunarYear - 1), Month11(lunarYear)), (Month11(lunarYear), Month11(lunarYear + 1)) })
        {
            var leapAt = toK - fromK == 13 ? FirstMonthWithoutPrincipalTerm(fromK + 1, toK) : -1;
            var number = 11;
            for (var k = fromK; k < toK; k++)
            {
                var leap = k == leapAt;
                if (k > fromK && !leap) number = number == 12 ? 1 : number + 1;
                labelled.Add(new LunarMonth(number, leap, NewMoonDay(k)));
            }
        }
        var first = labelled.FindIndex(m => m.Number == 1 && !m.Leap);
        var next = labelled.FindIndex(first + 1, m => m.Number == 1 && !m.Leap);
        return labelled.GetRange(first, next - first + 1);
    }

    /// <summary>The lunation number k of month 11 of <paramref name="year"/>: the lunar month containing its December solstice.</summary>
    private static int Month11(int year)
    {
        var december31 = new DateOnly(year, 12, 31);
        var k = (int)Math.Floor((JulianDay(december31) - NewMoonEpoch) / SynodicMonth);
        while (NewMoonDay(k) > december31) k--;
        while (NewMoonDay(k + 1) <= december31) k++;
        // Month k starts by 31 December, so it ends after the solstice (about 21–22 December); it contains the
        // solstice unless the sun had already reached 270° when its first day began.
        return SunLongitudeAtLocalMidnight(NewMoonDay(k)) >= 270 ? k - 1 : k;
    }

    /// <summary>The first lunation in [<paramref name="fromK"/>, <paramref name="toK"/>) in which the sun crosses no multiple of 30°.</summary>
    private static int FirstMonthWithoutPrincipalTerm(int fromK, int toK)
    {
        for (var k = fromK; k < toK; k++)
        {
            var start = Math.Floor(SunLongitudeAtLocalMidnight(NewMoonDay(k)) / 30);
            var end = Math.Floor(SunLongitudeAtLocalMidnight(NewMoonDay(k + 1)) / 30);
            if (start == end) return k;
        }
        return -1;
    }

    /// <summary>The local (UTC+7) calendar day on which new moon number <paramref name="k"/> falls.</summary>
    internal static DateOnly NewMoonDay(int k)
    {
        var jde = NewMoonJde(k);
        var year = 2000 + k / 12.3685;
        var localJd = jde - DeltaTSeconds(year) / 86400 + TimeZoneHours / 24;
        var julianDayNumber = (int)Math.Floor(localJd + 0.5);
        return DateOnly.FromDayNumber(julianDayNumber - JulianDayOfDayNumberZero);
    }

    /// <summary>Julian Ephemeris Day (TT) of the true new moon of lunation <paramref name="k"/>.</summary>
    internal static double NewMoonJde(int k)
    {
        var t = k / 1236.85;
        var t2 = t * t;
        var t3 = t2 * t;
        var t4 = t3 * t;
        var mean = NewMoonEpoch + SynodicMonth * k + 0.00015437 * t2 - 0.000000150 * t3 + 0.00000000073 * t4;
        var e = 1 - 0.002516 * t - 0.0000074 * t2;
        var sunAnomaly = Radians(2.5534 + 29.10535670 * k - 0.0000014 * t2 - 0.00000011 * t3);
        var moonAnomaly = Radians(201.5643 + 385.81693528 * k + 0.0107582 * t2 + 0.00001238 * t3 - 0.000000058 * t4);
        var latitude = Radians(160.7108 + 390.67050284 * k - 0.0016118 * t2 - 0.00000227 * t3 + 0.000000011 * t4);
        var node = Radians(124.7746 - 1.56375588 * k + 0.0020672 * t2 + 0.00000215 * t3);
        double M = sunAnomaly, Mp = moonAnomaly, F = latitude;

        var correction =
            -0.40720 * Math.Sin(Mp)
            + 0.17241 * e * Math.Sin(M)
            + 0.01608 * Math.Sin(2 * Mp)
            + 0.01039 * Math.Sin(2 * F)
            + 0.00739 * e * Math.Sin(Mp - M)
            - 0.00514 * e * Math.Sin(Mp + M)
            + 0.00208 * e * e * Math.Sin(2 * M)
            - 0.00111 * Math.Sin(Mp - 2 * F)
            - 0.00057 * Math.Sin(Mp + 2 * F)
            + 0.00056 * e * Math.Sin(2 * Mp + M)
            - 0.00042 * Math.Sin(3 * Mp)
            + 0.00042 * e * Math.Sin(M + 2 * F)
            + 0.00038 * e * Math.Sin(M - 2 * F)
            - 0.00024 * e * Math.Sin(2 * Mp - M)
            - 0.00017 * Math.Sin(node)
            - 0.00007 * Math.Sin(Mp + 2 * M)
            + 0.00004 * Math.Sin(2 * Mp - 2 * F)
            + 0.00004 * Math.Sin(3 * M)
            + 0.00003 * Math.Sin(Mp + M - 2 * F)
            + 0.00003 * Math.Sin(2 * Mp + 2 * F)
            - 0.00003 * Math.Sin(Mp + M + 2 * F)
            + 0.00003 * Math.Sin(Mp - M + 2 * F)
            - 0.00002 * Math.Sin(Mp - M - 2 * F)
            - 0.00002 * Math.Sin(3 * Mp + M)
            + 0.00002 * Math.Sin(4 * Mp);

        // Planetary perturbations: (coefficient in days, argument at k = 0 in degrees, degrees per lunation).
        ReadOnlySpan<(double Coefficient, double Start, double Rate)> planetary =
        [
            (0.000325, 299.77, 0.107408), (0.000165, 251.88, 0.016321), (0.000164, 251.83, 26.651886),
            (0.000126, 349.42, 36.412478), (0.000110, 84.66, 18.206239), (0.000062, 141.74, 53.303771),
            (0.000060, 207.14, 2.453732), (0.000056, 154.84, 7.306860), (0.000047, 34.52, 27.261239),
            (0.000042, 207.19, 0.121824), (0.000040, 291.34, 1.844379), (0.000037, 161.72, 24.198154),
            (0.000035, 239.56, 25.513099), (0.000023, 331.55, 3.592518),
        ];
        for (var i = 0; i < planetary.Length; i++)
        {
            var (coefficient, start, rate) = planetary[i];
            var argument = start + rate * k - (i == 0 ? 0.009173 * t2 : 0);
            correction += coefficient * Math.Sin(Radians(argument));
        }
        return mean + correction;
    }

    /// <summary>The sun's apparent longitude in degrees [0, 360) when <paramref name="day"/> begins in UTC+7.</summary>
    internal static double SunLongitudeAtLocalMidnight(DateOnly day) => SunLongitude(JulianDay(day) - TimeZoneHours / 24);

    /// <summary>The sun's apparent geocentric longitude in degrees [0, 360) at Julian Day <paramref name="jd"/>.</summary>
    internal static double SunLongitude(double jd)
    {
        var t = (jd - 2451545.0) / 36525;
        var meanLongitude = 280.46646 + 36000.76983 * t + 0.0003032 * t * t;
        var meanAnomaly = Radians(357.52911 + 35999.05029 * t - 0.0001537 * t * t);
        var centre = (1.914602 - 0.004817 * t - 0.000014 * t * t) * Math.Sin(meanAnomaly)
            + (0.019993 - 0.000101 * t) * Math.Sin(2 * meanAnomaly)
            + 0.000289 * Math.Sin(3 * meanAnomaly);
        var node = Radians(125.04 - 1934.136 * t);
        var apparent = meanLongitude + centre - 0.00569 - 0.00478 * Math.Sin(node);
        apparent %= 360;
        return apparent < 0 ? apparent + 360 : apparent;
    }

    /// <summary>Julian Day at 00:00 UTC of <paramref name="date"/>.</summary>
    private static double JulianDay(DateOnly date) => date.DayNumber + JulianDayOfDayNumberZero - 0.5;

    /// <summary>
    /// ΔT = TT − UT in seconds (the Earth's slowing rotation), from the Espenak–Meeus polynomial fits. A minute
    /// or so either way only matters for a new moon within that minute of local midnight.
    /// </summary>
    private static double DeltaTSeconds(double year)
    {
        if (year < 1920)
        {
            var t = year - 1900;
            return -2.79 + 1.494119 * t - 0.0598939 * t * t + 0.0061966 * t * t * t - 0.000197 * t * t * t * t;
        }
        if (year < 1941)
        {
            var t = year - 1920;
            return 21.20 + 0.84493 * t - 0.076100 * t * t + 0.0020936 * t * t * t;
        }
        if (year < 1961)
        {
            var t = year - 1950;
            return 29.07 + 0.407 * t - t * t / 233 + t * t * t / 2547;
        }
        if (year < 1986)
        {
            var t = year - 1975;
            return 45.45 + 1.067 * t - t * t / 260 - t * t * t / 718;
        }
        if (year < 2005)
        {
            var t = year - 2000;
            return 63.86 + 0.3345 * t - 0.060374 * t * t + 0.0017275 * t * t * t + 0.000651814 * t * t * t * t + 0.00002373599 * t * t * t * t * t;
        }
        if (year < 2050)
        {
            var t = year - 2000;
            return 62.92 + 0.32217 * t + 0.005589 * t * t;
        }
        var u = (year - 1820) / 100;
        return -20 + 32 * u * u - 0.5628 * (2150 - year);
    }

    private static double Radians(double degrees) => degrees * Math.PI / 180;
}
