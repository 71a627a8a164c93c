namespace Platform.WorkCalendar;

/// <summary>
/// Days off for state employees in Vietnam as announced, 2024–2026, as data (the government decides bridges
/// and make-up days each year). Weekends inside a holiday need no row. Later years are computed from the
/// Labour Code (<see cref="LabourCodeHolidays"/>) and stay provisional until their announced days are entered
/// through the holidays API (a year counts as announced once its Tết is in the maintained calendar).
/// </summary>
public static class HolidaySeed
{
    private static Holiday Off(int y, int m, int d, string name) => new() { Date = new DateOnly(y, m, d), Name = name, Kind = HolidayKind.DayOff };
    private static Holiday MakeUp(int y, int m, int d, string name) => new() { Date = new DateOnly(y, m, d), Name = name, Kind = HolidayKind.WorkingDay };

    private static IEnumerable<Holiday> Range(int y, int m, int fromDay, int toDay, string name)
    {
        for (var d = fromDay; d <= toDay; d++) yield return Off(y, m, d, name);
    }

    private const string NewYear = "Tết Dương lịch";
    private const string Tet = "Tết Nguyên đán";
    private const string HungKings = "Giỗ Tổ Hùng Vương (10/3 âm lịch)";
    private const string Reunification = "Ngày Chiến thắng (30/4)";
    private const string Labour = "Ngày Quốc tế Lao động (1/5)";
    private const string National = "Quốc khánh (2/9)";
    private const string Bridge = "Nghỉ bù / hoán đổi ngày làm việc";
    private const string WorkMakeUp = "Đi làm bù";

    public static readonly Holiday[] VietnamPublicHolidays2024To2026 =
    [
        // 2024: Tết Giáp Thìn 08/02–14/02; Hùng Kings 18/4; 27/4–01/5 with Monday 29/4 made up on Saturday 04/5; 31/8–03/9.
        Off(2024, 1, 1, NewYear),
        .. Range(2024, 2, 8, 14, Tet),
        Off(2024, 4, 18, HungKings),
        Off(2024, 4, 29, Bridge),
        Off(2024, 4, 30, Reunification),
        Off(2024, 5, 1, Labour),
        MakeUp(2024, 5, 4, WorkMakeUp),
        Off(2024, 9, 2, National),
        Off(2024, 9, 3, National),

        // 2025: Tết Ất Tỵ 25/01–02/02; Hùng Kings 07/4; 30/4–04/5 with Friday 02/5 made up on Saturday 26/4; 30/8–02/9.
        Off(2025, 1, 1, NewYear),
        .. Range(2025, 1, 27, 31, Tet),
        Off(2025, 4, 7, HungKings),
        MakeUp(2025, 4, 26, WorkMakeUp),
        Off(2025, 4, 30, Reunification),
        Off(2025, 5, 1, Labour),
        Off(2025, 5, 2, Bridge),
        Off(2025, 9, 1, National),
        Off(2025, 9, 2, National),

        // 2026: Tết Bính Ngọ 14/02–22/02; Hùng Kings falls on Sunday 26/4, day off Monday 27/4.
        Off(2026, 1, 1, NewYear),
        .. Range(2026, 2, 16, 20, Tet),
        Off(2026, 4, 27, HungKings + " (nghỉ bù)"),
        Off(2026, 4, 30, Reunification),
        Off(2026, 5, 1, Labour),
        Off(2026, 9, 1, National),
        Off(2026, 9, 2, National),
    ];

    /// <summary>
    /// The calendar of the announced days above (later years provisional, from the Labour Code): what services without
    /// a maintained copy of their own count working days by.
    /// </summary>
    public static HolidayCalendar AsAnnounced { get; } = new(VietnamPublicHolidays2024To2026);
}
