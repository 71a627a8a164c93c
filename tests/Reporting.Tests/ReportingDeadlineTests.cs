using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Platform.Reporting.Tests;

/// <summary>
/// Deadlines the service gives expected reports come from the shared working-day calendar (the one tasks use):
/// across Tết 2027 and 2028, whose days off are still provisional, and for the school year's semesters.
/// </summary>
public sealed class ReportingDeadlineTests(ReportingApiFactory factory) : IClassFixture<ReportingApiFactory>
{
    private async Task<JsonElement> CreateScheduleAsync(Guid template, string periodType, string firstPeriod, int deadlineDays)
    {
        using var client = factory.Department();
        var response = await client.PostAsJsonAsync("/api/reports/schedules", new
        {
            templateId = template, name = "Báo cáo " + periodType, periodType, deadlineDays, unitKinds = new[] { "LowerSecondarySchool", "UpperSecondarySchool" }, firstPeriod,
        });
        return await response.Json(HttpStatusCode.Created);
    }

    private async Task<JsonElement> SubmissionAsync(Guid template, string period, Guid unit)
    {
        using var client = factory.Department();
        var page = await (await client.GetAsync($"/api/reports/submissions?templateId={template}&period={period}&unitId={unit}")).Json(HttpStatusCode.OK);
        return page.GetProperty("items").EnumerateArray().Single();
    }

    [Fact]
    public async Task A_monthly_deadline_falling_in_Tet_2027_ends_on_the_first_working_day_after_it_and_is_marked_provisional()
    {
        factory.Clock.Set(new DateOnly(2027, 1, 10));
        var template = await factory.CreateDemoTemplateAsync("TET-2027");
        // Data window to 14/01/2027; 24 days later is Sunday 07/02, in Tết (05/02–11/02 off with the weekend substitutes).
        var schedule = await CreateScheduleAsync(template, "Monthly", "2027-01", 24);
        var period = schedule.GetProperty("openedPeriods").EnumerateArray().Single();
        Assert.Equal("2027-02-12", period.GetProperty("deadline").GetString());
        Assert.True(period.GetProperty("deadlineProvisional").GetBoolean());
        var report = await SubmissionAsync(template, "2027-01", Org.SchoolA1);
        Assert.Equal("2027-02-12", report.GetProperty("deadlineDate").GetString());
        Assert.Equal(new DateTimeOffset(2027, 2, 13, 0, 0, 0, TimeSpan.FromHours(7)), report.GetProperty("deadlineAt").GetDateTimeOffset().AddTicks(10));

        // The ReportRequested event carries the same deadline, so reminders elsewhere follow the same calendar.
        var requested = (await factory.EventsAsync<Platform.Contracts.Reporting.ReportRequested>()).Single(e => e.Event.TemplateId == template).Event;
        Assert.Equal(report.GetProperty("deadlineAt").GetDateTimeOffset(), requested.DeadlineAt);
    }

    [Fact]
    public async Task Semester_I_of_2027_2028_is_due_after_Tet_2028_and_the_whole_school_year_on_25_June()
    {
        factory.Clock.Set(new DateOnly(2027, 9, 20));
        var template = await factory.CreateDemoTemplateAsync("SEMESTER");
        var semester = await CreateScheduleAsync(template, "SchoolSemester1", "2027-2028-HK1", 10);
        var period = semester.GetProperty("openedPeriods").EnumerateArray().Single();
        Assert.Equal("2027-2028-HK1", period.GetProperty("key").GetString());
        Assert.Equal("Học kỳ I năm học 2027-2028", period.GetProperty("label").GetString());
        // 25/01/2028 is Tết eve (mùng 1 on 26/01; mùng 4 on Saturday 29/01 gives Monday 31/01): due Tuesday 01/02/2028.
        Assert.Equal("2028-02-01", period.GetProperty("deadline").GetString());
        Assert.Equal("2028-02-01", (await SubmissionAsync(template, "2027-2028-HK1", Org.UpperSchool)).GetProperty("deadlineDate").GetString());

        var wholeYear = await CreateScheduleAsync(await factory.CreateDemoTemplateAsync("SCHOOLYEAR"), "SchoolYear", "2027-2028", 10);
        // 25/06/2028 is a Sunday.
        Assert.Equal("2028-06-26", wholeYear.GetProperty("openedPeriods").EnumerateArray().Single().GetProperty("deadline").GetString());
    }

    [Fact]
    public async Task An_ad_hoc_request_due_in_days_that_land_on_a_day_off_is_due_the_next_working_day()
    {
        factory.Clock.Set(new DateOnly(2027, 2, 1));
        var template = await factory.CreateDemoTemplateAsync("ADHOC-TET");
        using var department = factory.Department();
        // Four days after Monday 01/02/2027 is Friday 05/02, Tết eve: due Friday 12/02.
        var request = await (await department.PostAsJsonAsync("/api/reports/requests", new
        {
            templateId = template, title = "Báo cáo nhanh trước Tết", dueInDays = 4, unitIds = new[] { Org.SchoolA1 },
        })).Json(HttpStatusCode.Created);
        Assert.Equal(new DateTimeOffset(2027, 2, 13, 0, 0, 0, TimeSpan.FromHours(7)), request.GetProperty("deadlineAt").GetDateTimeOffset().AddTicks(10));
    }
}
