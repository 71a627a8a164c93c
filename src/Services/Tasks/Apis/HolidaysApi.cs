using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Tasks.Domain;
using Platform.Tasks.Infrastructure;

namespace Platform.Tasks.Apis;

public sealed record HolidayRequest(string? Name, string? Kind);

public sealed record HolidayResponse(DateOnly Date, string Name, string Kind);

public sealed record WorkingDaysResponse(DateOnly From, int Days, DateOnly Date);

/// <summary>The maintained holiday calendar (ngày nghỉ lễ, Tết, nghỉ bù, làm bù) and working-day arithmetic.</summary>
public static class HolidaysApi
{
    public static IEndpointRouteBuilder MapHolidaysApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/tasks/holidays").WithTags("Holiday calendar");
        group.MapGet("/", List);
        group.MapGet("/working-days", AddWorkingDays);
        group.MapPut("/{date}", Put);
        group.MapDelete("/{date}", Delete);
        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<HolidayResponse>>, ValidationProblem>> List(int? year, TasksDbContext db, CancellationToken ct)
    {
        var q = db.Holidays.AsNoTracking();
        if (year is { } y)
        {
            if (y is < 2000 or > 2100)
            {
                return new RequestValidator().Add("year", "Năm phải từ 2000 đến 2100.", "year must be between 2000 and 2100.").ToProblem();
            }
            q = q.Where(h => h.Date >= new DateOnly(y, 1, 1) && h.Date <= new DateOnly(y, 12, 31));
        }
        var items = await q.OrderBy(h => h.Date).ToListAsync(ct);
        return TypedResults.Ok<IReadOnlyList<HolidayResponse>>(items.Select(h => new HolidayResponse(h.Date, h.Name, h.Kind.ToString())).ToList());
    }

    /// <summary>The date <c>days</c> working days after <c>from</c> (what "trong N ngày làm việc" means).</summary>
    public static async Task<Results<Ok<WorkingDaysResponse>, ValidationProblem>> AddWorkingDays(DateOnly? from, int? days, TasksDbContext db, CancellationToken ct)
    {
        var validator = new RequestValidator();
        if (from is null) validator.Add("from", "Trường 'from' là bắt buộc.", "The field 'from' is required.");
        if (days is not (>= 0 and <= 365)) validator.Add("days", "Số ngày làm việc phải từ 0 đến 365.", "days must be between 0 and 365.");
        if (!validator.IsValid) return validator.ToProblem();
        var calendar = new HolidayCalendar(await db.Holidays.AsNoTracking().ToListAsync(ct));
        return TypedResults.Ok(new WorkingDaysResponse(from!.Value, days!.Value, calendar.AddWorkingDays(from.Value, days.Value)));
    }

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
