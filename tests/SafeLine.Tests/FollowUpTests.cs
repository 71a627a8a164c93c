using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Platform.SafeLine.Domain;
using Platform.SafeLine.Infrastructure;
using Platform.SafeLine.Tests.Support;
using Platform.ServiceDefaults;

namespace Platform.SafeLine.Tests;

[Collection(SafeLineCollection.Name)]
public sealed class FollowUpTests(SafeLineFixture fixture)
{
    [Fact]
    public async Task The_school_replies_and_the_reporter_reads_it_with_code_and_passphrase_and_writes_more()
    {
        var world = await fixture.NewWorldAsync();
        var (code, passphrase) = await fixture.ReportAsync(world);
        using var reporter = fixture.Public(SafeLineFixture.NewAddress());

        var before = await Follow(reporter, code, passphrase);
        Assert.False(before.GetProperty("acknowledged").GetBoolean());
        Assert.Equal("Đang chờ nhà trường tiếp nhận", before.GetProperty("statusText").GetString());

        using var manager = fixture.Manager(world);
        var list = await manager.GetFromJsonAsync<JsonElement>("/api/safeline/cases");
        var summary = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal(code, summary.GetProperty("code").GetString());
        Assert.False(summary.TryGetProperty("text", out _)); // listing is not reading
        var id = summary.GetProperty("id").GetGuid();

        var detail = await manager.GetFromJsonAsync<JsonElement>($"/api/safeline/cases/{id}");
        Assert.Equal("Bạn lớp em bị bắt nạt ở nhà xe mỗi giờ ra chơi.", detail.GetProperty("text").GetString());
        var replied = await manager.PostAsJsonAsync($"/api/safeline/cases/{id}/replies", new { text = "Cảm ơn em. Thầy sẽ cho bảo vệ trực ở nhà xe từ mai." });
        Assert.Equal(HttpStatusCode.OK, replied.StatusCode);

        var after = await Follow(reporter, code, passphrase.ToUpperInvariant());
        Assert.True(after.GetProperty("acknowledged").GetBoolean());
        Assert.Equal("Đã được tiếp nhận", after.GetProperty("statusText").GetString());
        var reply = Assert.Single(after.GetProperty("messages").EnumerateArray());
        Assert.Equal("Nhà trường", reply.GetProperty("author").GetString()); // never the teacher's name
        Assert.Contains("bảo vệ trực", reply.GetProperty("text").GetString());

        var more = await reporter.PostAsJsonAsync("/api/safeline/follow/messages", new { code, passphrase, text = "Em cảm ơn thầy ạ." });
        Assert.Equal(HttpStatusCode.OK, more.StatusCode);
        var conversation = await manager.GetFromJsonAsync<JsonElement>($"/api/safeline/cases/{id}");
        var messages = conversation.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(2, messages.Count);
        Assert.Equal(("Người báo tin", "Em cảm ơn thầy ạ."), (messages[1].GetProperty("author").GetString(), messages[1].GetProperty("text").GetString()));

        var closed = await manager.PostAsJsonAsync($"/api/safeline/cases/{id}/close", new { outcome = "Đã xử lý: nhóm học sinh liên quan đã được nhắc nhở." });
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        var final = await Follow(reporter, code, passphrase);
        Assert.Equal(("Đã đóng", "Đã xử lý: nhóm học sinh liên quan đã được nhắc nhở."),
            (final.GetProperty("statusText").GetString(), final.GetProperty("outcome").GetString()));
        var late = await reporter.PostAsJsonAsync("/api/safeline/follow/messages", new { code, passphrase, text = "Em muốn nói thêm." });
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
    }

    [Fact]
    public async Task Every_read_of_a_case_by_staff_is_recorded_and_the_record_cannot_be_changed()
    {
        var world = await fixture.NewWorldAsync();
        await fixture.ReportAsync(world);
        using var manager = fixture.Manager(world);
        var id = (await manager.GetFromJsonAsync<JsonElement>("/api/safeline/cases")).GetProperty("items")[0].GetProperty("id").GetGuid();
        (await manager.GetAsync($"/api/safeline/cases/{id}")).EnsureSuccessStatusCode();
        (await manager.GetAsync($"/api/safeline/cases/{id}")).EnsureSuccessStatusCode();

        var reads = await manager.GetFromJsonAsync<List<JsonElement>>($"/api/safeline/cases/{id}/reads");
        Assert.Equal(2, reads!.Count);

        await using var db = fixture.NewDbContext();
        var update = await Assert.ThrowsAsync<PostgresException>(() =>
            db.Database.ExecuteSqlInterpolatedAsync($"UPDATE case_reads SET user_name = 'someone else' WHERE case_id = {id}"));
        Assert.Contains("append-only", update.MessageText);
        await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlInterpolatedAsync($"DELETE FROM case_reads WHERE case_id = {id}"));
        Assert.Equal(2, await db.Reads.CountAsync(r => r.CaseId == id));
    }

    [Fact]
    public async Task Only_the_schools_handlers_see_its_cases_and_the_principal_names_them()
    {
        var world = await fixture.NewWorldAsync();
        await fixture.ReportAsync(world);
        using var manager = fixture.Manager(world);
        var id = (await manager.GetFromJsonAsync<JsonElement>("/api/safeline/cases")).GetProperty("items")[0].GetProperty("id").GetGuid();

        var teacherId = $"giao-vien-{Guid.NewGuid():N}"[..20];
        using var teacher = fixture.Staff(teacherId, world.School, PlatformRoles.SchoolStaff);
        using var otherPrincipal = fixture.Staff("hieu-truong-khac", world.OtherSchool, PlatformRoles.SchoolManager);
        using var anonymous = fixture.Public(SafeLineFixture.NewAddress());

        Assert.Equal(0, (await teacher.GetFromJsonAsync<JsonElement>("/api/safeline/cases")).GetProperty("total").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, (await teacher.GetAsync($"/api/safeline/cases/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherPrincipal.GetAsync($"/api/safeline/cases/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherPrincipal.PostAsJsonAsync($"/api/safeline/cases/{id}/replies", new { text = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/safeline/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await teacher.PutAsJsonAsync($"/api/safeline/handlers/{teacherId}", new { name = "Cô Lan" })).StatusCode);

        // Having opened the page, the teacher is someone the principal can find and name.
        var candidates = await manager.GetFromJsonAsync<List<JsonElement>>("/api/safeline/handlers/candidates");
        var candidate = Assert.Single(candidates!);
        Assert.Equal((teacherId, $"Người dùng {teacherId}", false),
            (candidate.GetProperty("userId").GetString(), candidate.GetProperty("name").GetString(), candidate.GetProperty("isHandler").GetBoolean()));
        Assert.Equal(HttpStatusCode.Forbidden, (await teacher.GetAsync("/api/safeline/handlers/candidates")).StatusCode);

        var named = await manager.PutAsJsonAsync($"/api/safeline/handlers/{teacherId}", new { name = "Cô Lan (tư vấn học đường)" });
        Assert.Equal(HttpStatusCode.OK, named.StatusCode);
        Assert.Equal(1, (await teacher.GetFromJsonAsync<JsonElement>("/api/safeline/cases")).GetProperty("total").GetInt64());
        Assert.True(Assert.Single((await manager.GetFromJsonAsync<List<JsonElement>>("/api/safeline/handlers/candidates"))!).GetProperty("isHandler").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await teacher.GetAsync($"/api/safeline/cases/{id}")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await manager.DeleteAsync($"/api/safeline/handlers/{teacherId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await teacher.GetAsync($"/api/safeline/cases/{id}")).StatusCode);
    }

    [Fact]
    public async Task Open_high_severity_cases_come_first_however_many_others_arrive()
    {
        var world = await fixture.NewWorldAsync();
        await fixture.ReportAsync(world, "selfHarm", "Bạn cùng bàn nói muốn tự tử.");
        for (var i = 0; i < 4; i++) await fixture.ReportAsync(world, "other", $"Nhà vệ sinh tầng {i + 2} hỏng khóa cửa.");
        using var manager = fixture.Manager(world);
        var first = (await manager.GetFromJsonAsync<JsonElement>("/api/safeline/cases?pageSize=1")).GetProperty("items")[0];
        Assert.Equal(("High", "selfHarm"), (first.GetProperty("severity").GetString(), first.GetProperty("category").GetString()));
    }

    [Fact]
    public async Task An_unacknowledged_high_case_escalates_to_the_supervising_unit_whose_officers_then_handle_it()
    {
        var world = await fixture.NewWorldAsync();
        var start = fixture.Clock.GetUtcNow();
        try
        {
            var (code, passphrase) = await fixture.ReportAsync(world, "bullying", "Bạn ấy bị dọa giết nếu đi học tiếp.");
            await using var db = fixture.NewDbContext();
            var c = await db.Cases.AsNoTracking().SingleAsync(x => x.Code == code);
            Assert.Equal(CaseSeverity.High, c.Severity);
            Assert.Equal(SafeCase.ToMinute(start) + TimeSpan.FromMinutes(15), c.AcknowledgeBy);

            var monitor = fixture.Services.GetRequiredService<EscalationMonitor>();
            fixture.Clock.Advance(TimeSpan.FromMinutes(10));
            await monitor.RunOnceAsync(CancellationToken.None);
            Assert.Equal(0, (await db.Cases.AsNoTracking().SingleAsync(x => x.Id == c.Id)).EscalationLevel);

            fixture.Clock.Advance(TimeSpan.FromMinutes(6));
            Assert.True(await monitor.RunOnceAsync(CancellationToken.None) >= 1);
            var escalated = await db.Cases.AsNoTracking().SingleAsync(x => x.Id == c.Id);
            Assert.Equal((1, world.District), (escalated.EscalationLevel, escalated.EscalatedToUnitId!.Value));
            var events = await db.Database.SqlQuery<string>(
                $"SELECT body::text AS \"Value\" FROM outbox_messages WHERE body->>'caseId' = {c.Id.ToString()} AND message_type LIKE '%SafeLineCaseEscalated%'").ToListAsync();
            Assert.Contains(world.District.ToString(), Assert.Single(events));

            using var officer = fixture.Staff("chuyen-vien-phong", world.District, PlatformRoles.DistrictOfficer);
            var seen = await officer.GetFromJsonAsync<JsonElement>($"/api/safeline/cases/{c.Id}");
            Assert.Equal(1, seen.GetProperty("escalationLevel").GetInt32());
            (await officer.PostAsync($"/api/safeline/cases/{c.Id}/acknowledge", null)).EnsureSuccessStatusCode();

            fixture.Clock.Advance(TimeSpan.FromHours(2));
            await monitor.RunOnceAsync(CancellationToken.None);
            Assert.Equal(1, (await db.Cases.AsNoTracking().SingleAsync(x => x.Id == c.Id)).EscalationLevel);
            using var reporter = fixture.Public(SafeLineFixture.NewAddress());
            Assert.Equal("Đã được tiếp nhận", (await Follow(reporter, code, passphrase)).GetProperty("statusText").GetString());
        }
        finally
        {
            fixture.Clock.Set(start);
        }
    }

    [Fact]
    public async Task Spam_is_closed_without_a_reply_and_without_acknowledging()
    {
        var world = await fixture.NewWorldAsync();
        var (code, passphrase) = await fixture.ReportAsync(world, "other", "quảng cáo quảng cáo quảng cáo mua ngay");
        using var manager = fixture.Manager(world);
        var id = (await manager.GetFromJsonAsync<JsonElement>("/api/safeline/cases")).GetProperty("items")[0].GetProperty("id").GetGuid();
        var closed = await manager.PostAsJsonAsync($"/api/safeline/cases/{id}/close", new { spam = true });
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        var detail = await closed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("Closed", true), (detail.GetProperty("status").GetString(), detail.GetProperty("closedAsSpam").GetBoolean()));
        Assert.Empty(detail.GetProperty("messages").EnumerateArray());

        using var reporter = fixture.Public(SafeLineFixture.NewAddress());
        var view = await Follow(reporter, code, passphrase);
        Assert.Equal(("Đã đóng", false), (view.GetProperty("statusText").GetString(), view.GetProperty("acknowledged").GetBoolean()));
        await using var db = fixture.NewDbContext();
        Assert.Equal(0, await db.Database.SqlQuery<int>(
            $"SELECT count(*)::int AS \"Value\" FROM outbox_messages WHERE body->>'caseId' = {id.ToString()}").SingleAsync());

        var again = await manager.PostAsJsonAsync($"/api/safeline/cases/{id}/close", new { outcome = "x" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var noOutcome = await manager.PostAsJsonAsync($"/api/safeline/cases/{id}/close", new { spam = false });
        Assert.Equal(HttpStatusCode.BadRequest, noOutcome.StatusCode);
        Assert.Contains("outcome", await noOutcome.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Words_of_danger_written_later_raise_the_case_and_alert()
    {
        var world = await fixture.NewWorldAsync();
        var (code, passphrase) = await fixture.ReportAsync(world, "bullying", "Các bạn trong lớp hay trêu chọc em.");
        await using var db = fixture.NewDbContext();
        var c = await db.Cases.AsNoTracking().SingleAsync(x => x.Code == code);
        Assert.Equal(CaseSeverity.Normal, c.Severity);

        using var reporter = fixture.Public(SafeLineFixture.NewAddress());
        var more = await reporter.PostAsJsonAsync("/api/safeline/follow/messages", new { code, passphrase, text = "Hôm nay có bạn mang dao đến dọa em." });
        Assert.Equal(HttpStatusCode.OK, more.StatusCode);
        var raised = await db.Cases.AsNoTracking().SingleAsync(x => x.Code == code);
        Assert.Equal(CaseSeverity.High, raised.Severity);
        Assert.NotNull(raised.AcknowledgeBy);
        var events = await db.Database.SqlQuery<string>(
            $"SELECT message_type AS \"Value\" FROM outbox_messages WHERE body->>'caseId' = {c.Id.ToString()}").ToListAsync();
        Assert.Contains(events, t => t.Contains("SafeLineCaseRaised", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Supervisors_see_counts_by_school_and_category_and_the_time_to_first_response_never_the_cases()
    {
        var world = await fixture.NewWorldAsync();
        await fixture.ReportAsync(world, "drugs", "Có người bán thuốc ở cổng sau.");
        await fixture.ReportAsync(world, "bullying");
        await fixture.ReportAsync(world with { School = world.OtherSchool }, "bullying");
        using var manager = fixture.Manager(world);
        var drugs = (await manager.GetFromJsonAsync<JsonElement>("/api/safeline/cases")).GetProperty("items").EnumerateArray()
            .Single(c => c.GetProperty("category").GetString() == "drugs").GetProperty("id").GetGuid();
        fixture.Clock.Advance(TimeSpan.FromMinutes(7));
        try
        {
            (await manager.PostAsync($"/api/safeline/cases/{drugs}/acknowledge", null)).EnsureSuccessStatusCode();
        }
        finally
        {
            fixture.Clock.Advance(TimeSpan.FromMinutes(-7));
        }

        using var officer = fixture.Staff("chuyen-vien-thong-ke", world.District, PlatformRoles.DistrictOfficer);
        var stats = await officer.GetFromJsonAsync<JsonElement>("/api/safeline/statistics?from=2025-03-01&to=2025-03-31");
        Assert.Equal((3, 1), (stats.GetProperty("total").GetInt32(), stats.GetProperty("high").GetInt32()));
        var school = stats.GetProperty("schools")[0];
        Assert.Equal(world.SchoolName, school.GetProperty("school").GetProperty("name").GetString());
        Assert.Equal((2, 1, 1, 1), (school.GetProperty("total").GetInt32(), school.GetProperty("byCategory").GetProperty("drugs").GetInt32(),
            school.GetProperty("byCategory").GetProperty("bullying").GetInt32(), school.GetProperty("acknowledged").GetInt32()));
        Assert.Equal(7, school.GetProperty("medianMinutesToAcknowledge").GetDouble());
        Assert.DoesNotContain("thuốc", stats.GetRawText());
        Assert.DoesNotContain("AT-", stats.GetRawText());

        // A school's manager sees their own school only; staff see no figures; a bad date is named.
        var own = await manager.GetFromJsonAsync<JsonElement>("/api/safeline/statistics?from=2025-03-01&to=2025-03-31");
        Assert.Equal(2, own.GetProperty("total").GetInt32());
        using var teacher = fixture.Staff("giao-vien-thong-ke", world.School, PlatformRoles.SchoolStaff);
        Assert.Equal(HttpStatusCode.Forbidden, (await teacher.GetAsync("/api/safeline/statistics")).StatusCode);
        var bad = await officer.GetAsync("/api/safeline/statistics?from=01/03/2025");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("from", await bad.Content.ReadAsStringAsync());
    }

    private static async Task<JsonElement> Follow(HttpClient client, string code, string passphrase)
    {
        var response = await client.PostAsJsonAsync("/api/safeline/follow", new { code, passphrase });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
