using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Tasks.Domain;
using Platform.Tasks.Infrastructure;

namespace Platform.Tasks.Apis;

public sealed record HolidayRequest(string? Name, string? Kind);

/// <summary>A day of the calendar; <c>Provisional</c> when computed from the Labour Code for a year not yet announced.</summary>
public sealed record HolidayResponse(DateOnly Date, string Name, string Kind, bool Provisional = false);

/// <summary><c>Provisional</c> (with a warning) when the count crossed a year whose holidays are not yet announced.</summary>
public sealed record WorkingDaysResponse(DateOnly From, int Days, DateOnly Date, bool Provisional, string? Warning);

/// <summary>One year of the calendar: announced (maintained rows) or provisional (computed), and its mùng 1 Tết.</summary>
public sealed record CalendarYearResponse(int Year, bool Provisional, DateOnly LunarNewYear, string Basis);

public sealed record CalendarStatusResponse(IReadOnlyList<int> AnnouncedYears, IReadOnlyList<CalendarYearResponse> Years);

/// <summary>The maintained holiday calendar (ngày nghỉ lễ, Tết, nghỉ bù, làm bù) and working-day arithmetic.</summary>
public static class HolidaysApi
{
    public static IEndpointRouteBuilder MapHolidaysApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/tasks/holidays").WithTags("Holiday calendar");
        group.MapGet("/", List);
        group.MapGet("/working-days", AddWorkingDays);
        group.MapGet("/status", Status);
        group.MapPut("/{date}", Put);
        group.MapDelete("/{date}", Delete);
        return app;
    }

    /// <summary>
    /// The maintained rows; with <c>year</c>, that year's whole calendar — for a provisional year the computed
    /// Labour Code holidays too, marked <c>provisional</c>.
    /// </summary>
    public static async Task<Results<Ok<IReadOnlyList<HolidayResponse>>, ValidationProblem>> List(int? year, TasksDbContext db, CancellationToken ct)
    {
        if (year is not { } y)
        {
            var all = await db.Holidays.AsNoTracking().OrderBy(h => h.Date).ToListAsync(ct);
            return TypedResults.Ok<IReadOnlyList<HolidayResponse>>(all.Select(h => new HolidayResponse(h.Date, h.Name, h.Kind.ToString())).ToList());
        }
        if (y is < MinYear or > MaxYear)
        {
            return YearOutOfRange("year");
        }
        var calendar = await LoadCalendarAsync(db, ct);
        var maintained = await db.Holidays.AsNoTracking()
            .Where(h => h.Date >= new DateOnly(y, 1, 1) && h.Date <= new DateOnly(y, 12, 31)).ToListAsync(ct);
        var items = maintained.Select(h => new HolidayResponse(h.Date, h.Name, h.Kind.ToString()))
            .Concat(calendar.ComputedHolidays(y).Select(h => new HolidayResponse(h.Date, h.Name, h.Kind.ToString(), Provisional: true)))
            .OrderBy(h => h.Date)
            .ToList();
        return TypedResults.Ok<IReadOnlyList<HolidayResponse>>(items);
    }

    /// <summary>Which years are announced and which provisional, from <c>from</c> to <c>to</c> (this year and the next four by default).</summary>
    public static async Task<Results<Ok<CalendarStatusResponse>, ValidationProblem>> Status(int? from, int? to, TasksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var first = from ?? VietnamTime.Today(clock).Year;
        var last = to ?? first + 4;
        var validator = new RequestValidator();
        if (first is < MinYear or > MaxYear) validator.Add("from", "Năm phải từ 2000 đến 2100.", "from must be a year between 2000 and 2100.");
        if (last is < MinYear or > MaxYear) validator.Add("to", "Năm phải từ 2000 đến 2100.", "to must be a year between 2000 and 2100.");
        else if (last < first || last - first > 50) validator.Add("to", "Năm 'to' phải từ năm 'from' đến 50 năm sau.", "to must be from 'from' to 50 years after it.");
        if (!validator.IsValid) return validator.ToProblem();
        var calendar = await LoadCalendarAsync(db, ct);
        var years = Enumerable.Range(first, last - first + 1).Select(y => new CalendarYearResponse(y, calendar.IsProvisional(y),
            VietnamLunarCalendar.NewYear(y),
            calendar.IsProvisional(y)
                ? Text.Pick("Tạm tính theo Điều 112 Bộ luật Lao động 2019, chưa có lịch nghỉ được công bố.",
                    "Computed from the Labour Code 2019, Art. 112; the year's holidays have not been announced.")
                : Text.Pick("Theo lịch nghỉ đã công bố.", "As announced.")))
            .ToList();
        return TypedResults.Ok(new CalendarStatusResponse(calendar.AnnouncedYears.Order().ToList(), years));
    }

    /// <summary>The date <c>days</c> working days after <c>from</c> (what "trong N ngày làm việc" means).</summary>
    public static async Task<Results<Ok<WorkingDaysResponse>, ValidationProblem>> AddWorkingDays(DateOnly? from, int? days, TasksDbContext db, CancellationToken ct)
    {
        var validator = new RequestValidator();
        if (from is null) validator.Add("from", "Trường 'from' là bắt buộc.", "The field 'from' is required.");
        if (days is not (>= 0 and <= 365)) validator.Add("days", "Số ngày làm việc phải từ 0 đến 365.", "days must be between 0 and 365.");
        if (!validator.IsValid) return validator.ToProblem();
        var calendar = await LoadCalendarAsync(db, ct);
        var date = calendar.AddWorkingDays(from!.Value, days!.Value);
        var provisional = calendar.IsProvisional(from.Value, date);
        return TypedResults.Ok(new WorkingDaysResponse(from.Value, days.Value, date, provisional, provisional ? ProvisionalDeadlineWarning() : null));
    }

    /// <summary>The warning a deadline counted through a provisional year carries.</summary>
    public static string ProvisionalDeadlineWarning() => Text.Pick(
        "Hạn được tính theo lịch nghỉ tạm tính (Điều 112 Bộ luật Lao động), chưa theo lịch nghỉ được công bố; hạn có thể thay đổi khi lịch nghỉ được công bố.",
        "The deadline was counted on a provisional holiday calendar (Labour Code Art. 112), not an announced one; the announced holidays may move it.");

    private static async Task<HolidayCalendar> LoadCalendarAsync(TasksDbContext db, CancellationToken ct) =>
        new(await db.Holidays.AsNoTracking().ToListAsync(ct));

    private const int MinYear = 2000;
    private const int MaxYear = 2100;

    private static ValidationProblem YearOutOfRange(string field) =>
        new RequestValidator().Add(field, "Năm phải từ 2000 đến 2100.", "year must be between 2000 and 2100.").ToProblem();

    public static async Task<Results<Ok<HolidayResponse>, ValidationProblem, ProblemHttpResult>> Put(
        string date, HolidayRequest? request, [AsParameters] TasksApiServices services, CancellationToken ct)
    {
        if (!services.Access.MayMaintainCalendar)
        {
            return ApiResults.Forbidden("Chỉ quản trị hệ thống và chuyên viên Sở được sửa lịch nghỉ.", "Only system administrators and Department officers maintain the holiday calendar.");
        }
        var validator = new RequestValidator();
        var day = ParseDate(validator, date);
        var name = validator.Required("name", request?.Name, DocumentLimits.Name);
        var kind = validator.Enum<HolidayKind>("kind", request?.Kind, required: false) ?? HolidayKind.DayOff;
        if (!validator.IsValid) return validator.ToProblem();
        var holiday = await services.Db.Holidays.FirstOrDefaultAsync(h => h.Date == day, ct);
        if (holiday is null)
        {
            holiday = new Holiday { Date = day, Name = name, Kind = kind };
            services.Db.Holidays.Add(holiday);
        }
        else
        {
            holiday.Name = name;
            holiday.Kind = kind;
        }
        await services.Db.SaveChangesAsync(ct);
        services.Logger.LogInformation("Holiday calendar: {Date} set to {Kind} by {UserId}", day, kind, services.Access.User.Id);
        return TypedResults.Ok(new HolidayResponse(holiday.Date, holiday.Name, holiday.Kind.ToString()));
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Delete(
        string date, [AsParameters] TasksApiServices services, CancellationToken ct)
    {
        if (!services.Access.MayMaintainCalendar)
        {
            return ApiResults.Forbidden("Chỉ quản trị hệ thống và chuyên viên Sở được sửa lịch nghỉ.", "Only system administrators and Department officers maintain the holiday calendar.");
        }
        var validator = new RequestValidator();
        var day = ParseDate(validator, date);
        if (!validator.IsValid) return validator.ToProblem();
        var deleted = await services.Db.Holidays.Where(h => h.Date == day).ExecuteDeleteAsync(ct);
        return deleted == 0
            ? Problems.NotFound($"Lịch không có ngày {VietnamTime.Format(day)}.", $"The calendar has no entry for {day:yyyy-MM-dd}.")
            : TypedResults.NoContent();
    }

    private static DateOnly ParseDate(RequestValidator validator, string value)
    {
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date))
        {
            return date;
        }
        validator.Add("date", "Ngày phải có dạng yyyy-MM-dd.", "date must be yyyy-MM-dd.");
        return default;
    }
}
