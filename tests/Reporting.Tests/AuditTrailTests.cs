using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Platform.Messaging.Audit;
using Platform.Reporting.Domain;
using Platform.ServiceDefaults;

namespace Platform.Reporting.Tests;

/// <summary>Reports an incident with a named pupil as the school's manager; returns its id.</summary>
internal static class AuditTestIncidents
{
    public static async Task<Guid> ReportAsync(ReportingApiFactory factory)
    {
        factory.Clock.Set(new DateOnly(2024, 4, 2));
        using var manager = factory.ClientFor(Org.SchoolA1, PlatformRoles.SchoolManager);
        var created = await (await manager.PostAsJsonAsync("/api/reports/incidents", new
        {
            category = "ChildAbuse", isLifeSafety = true, occurredAt = "2024-04-01T09:00:00+07:00", place = "Phòng học tầng 2",
            description = "Phát hiện dấu hiệu bạo hành tại nhà.",
            people = new object[] { new { role = "Victim", isPupil = true, fullName = "Đỗ Minh Khang", identifier = "HS2024-0300", age = 9 } },
        })).Json(HttpStatusCode.Created);
        return created.GetProperty("id").GetGuid();
    }
}

/// <summary>
/// Reporting's audit trail: every read of an incident (with names or without, one by one or in a list) and every export
/// is a line; lines are numbered without gaps and chained; the service's own database role cannot change or remove them;
/// only the data-protection officer reviews them.
/// </summary>
public sealed class AuditTrailTests(ReportingApiFactory factory) : IClassFixture<ReportingApiFactory>
{
    private HttpClient Dpo() => factory.ClientFor(Org.DepartmentOffice, PlatformRoles.DataProtectionOfficer);

    private async Task<List<AuditEntry>> LinesAsync(Func<AuditEntry, bool> where)
    {
        await using var db = factory.NewDbContext();
        return (await db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync()).Where(where).ToList();
    }

    [Fact]
    public async Task Every_read_of_an_incident_is_a_line_naming_who_what_and_whether_names_were_seen()
    {
        var incident = await AuditTestIncidents.ReportAsync(factory);
        var id = incident.ToString();

        using (var manager = factory.ClientFor(Org.SchoolA1, PlatformRoles.SchoolManager))
        {
            (await manager.GetAsync($"/api/reports/incidents/{incident}")).StatusCode.Is(HttpStatusCode.OK);
        }
        using (var district = factory.ClientFor(Org.DistrictA, PlatformRoles.DistrictOfficer))
        {
            (await district.GetAsync($"/api/reports/incidents/{incident}")).StatusCode.Is(HttpStatusCode.OK);
            (await district.GetAsync("/api/reports/incidents?pageSize=50")).StatusCode.Is(HttpStatusCode.OK);
        }
        using (var outsider = factory.ClientFor(Org.SchoolB1, PlatformRoles.SchoolManager))
        {
            (await outsider.GetAsync($"/api/reports/incidents/{incident}")).StatusCode.Is(HttpStatusCode.NotFound);
        }

        var lines = await LinesAsync(e => e.SubjectId == id || (e.Detail ?? "").Contains(id, StringComparison.Ordinal));
        Assert.Collection(lines,
            names =>
            {
                Assert.Equal((AuditActions.IncidentNamesRead, "incident"), (names.Action, names.SubjectType));
                Assert.Equal(Org.SchoolA1, names.ActorUnitId);
                Assert.Equal(PlatformRoles.SchoolManager, names.ActorRoles);
                Assert.DoesNotContain("Khang", names.Detail ?? "");
            },
            read =>
            {
                Assert.Equal(AuditActions.IncidentRead, read.Action);
                Assert.Equal(Org.DistrictA, read.ActorUnitId);
            },
            list =>
            {
                Assert.Equal(AuditActions.IncidentsListed, list.Action);
                Assert.Equal(Org.DistrictA, list.ActorUnitId);
            });

        // Numbered without gaps and chained, as the verification the officer runs says.
        var all = await LinesAsync(_ => true);
        Assert.Equal(Enumerable.Range(1, all.Count).Select(i => (long)i), all.Select(e => e.Sequence));
        var verification = await (await Dpo().GetAsync("/api/reports/audit/verification")).Json(HttpStatusCode.OK);
        Assert.True(verification.GetProperty("intact").GetBoolean(), verification.ToString());
        Assert.Equal(all.Count, verification.GetProperty("lines").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(all[^1].Hash), verification.GetProperty("lastHash").GetString());
    }

    [Fact]
    public async Task The_data_protection_officer_reviews_filters_and_exports_the_trail_and_nobody_else_may()
    {
        var incident = await AuditTestIncidents.ReportAsync(factory);
        using (var manager = factory.ClientFor(Org.SchoolA1, PlatformRoles.SchoolManager))
        {
            (await manager.GetAsync($"/api/reports/incidents/{incident}")).StatusCode.Is(HttpStatusCode.OK);
        }

        var page = await (await Dpo().GetAsync($"/api/reports/audit?action={AuditActions.IncidentNamesRead}&subjectId={incident}")).Json(HttpStatusCode.OK);
        // One disclosure: the read (the answer to the report itself echoes no names).
        var line = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal("T-THCS-A1", line.GetProperty("actorUnitCode").GetString());
        Assert.Equal(64, line.GetProperty("hash").GetString()!.Length);

        var export = await Dpo().GetAsync($"/api/reports/audit/export?format=csv&subjectId={incident}");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var csv = await export.Content.ReadAsStringAsync();
        Assert.Contains(AuditActions.IncidentNamesRead, csv);
        Assert.Contains("Trường THCS A1", csv);
        Assert.Single(await LinesAsync(e => e.Action == AuditActions.AuditExported && (e.Detail ?? "").Contains(incident.ToString(), StringComparison.Ordinal)));

        await (await Dpo().GetAsync("/api/reports/audit?action=incident.deleted")).AssertProblemNames("action");

        foreach (var role in new[] { PlatformRoles.SystemAdmin, PlatformRoles.Auditor, PlatformRoles.DepartmentLeader, PlatformRoles.DepartmentOfficer })
        {
            using var client = factory.ClientFor(Org.DepartmentOffice, role);
            foreach (var path in new[] { "/api/reports/audit", "/api/reports/audit/export?format=csv", "/api/reports/audit/verification" })
            {
                (await client.GetAsync(path)).StatusCode.Is(HttpStatusCode.Forbidden);
            }
        }
        // The officer reads the trail, not the incidents.
        (await Dpo().GetAsync($"/api/reports/incidents/{incident}")).StatusCode.Is(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_services_database_role_cannot_update_delete_or_truncate_a_line()
    {
        var incident = await AuditTestIncidents.ReportAsync(factory);
        using (var manager = factory.ClientFor(Org.SchoolA1, PlatformRoles.SchoolManager))
        {
            (await manager.GetAsync($"/api/reports/incidents/{incident}")).StatusCode.Is(HttpStatusCode.OK);
        }
        await using var db = factory.NewDbContext();
        var before = await db.AuditEntries.CountAsync();
        foreach (var sql in new[] { "UPDATE audit_entries SET detail = 'đã sửa'", "DELETE FROM audit_entries", "TRUNCATE audit_entries" })
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlRawAsync(sql));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        }
        Assert.Equal(before, await db.AuditEntries.CountAsync());
    }

    [Fact]
    public async Task Concurrent_reads_are_numbered_without_gaps_and_the_chain_stays_whole()
    {
        var incident = await AuditTestIncidents.ReportAsync(factory);
        await Task.WhenAll(Enumerable.Range(0, 24).Select(async i =>
        {
            using var client = factory.ClientFor(i % 2 == 0 ? Org.DistrictA : Org.SchoolA1, i % 2 == 0 ? PlatformRoles.DistrictOfficer : PlatformRoles.SchoolStaff);
            (await client.GetAsync($"/api/reports/incidents/{incident}")).StatusCode.Is(HttpStatusCode.OK);
        }));
        await using var db = factory.NewDbContext();
        var verification = await AuditVerifier.VerifyAsync(db, CancellationToken.None);
        Assert.True(verification.Intact, string.Join("\n", verification.Problems));
        Assert.True(await db.AuditEntries.CountAsync(e => e.SubjectId == incident.ToString()) >= 24);
    }
}

/// <summary>Someone with the power to switch the triggers off changes or removes a line: the verification names it.</summary>
public sealed class AuditTamperTests(ReportingApiFactory factory) : IClassFixture<ReportingApiFactory>
{
    [Fact]
    public async Task A_changed_line_and_a_removed_line_are_named_by_the_verification()
    {
        var incident = await AuditTestIncidents.ReportAsync(factory);
        for (var i = 0; i < 6; i++)
        {
            using var district = factory.ClientFor(Org.DistrictA, PlatformRoles.DistrictOfficer);
            (await district.GetAsync($"/api/reports/incidents/{incident}")).StatusCode.Is(HttpStatusCode.OK);
        }
        await using var db = factory.NewDbContext();
        Assert.True((await AuditVerifier.VerifyAsync(db, CancellationToken.None)).Intact);

        // A superuser hides that a district officer read the incident: rewrites line 3 as someone else's read.
        await db.Database.ExecuteSqlRawAsync(
            "ALTER TABLE audit_entries DISABLE TRIGGER USER; UPDATE audit_entries SET actor_id = 'nguoi-khac' WHERE sequence = 3; ALTER TABLE audit_entries ENABLE TRIGGER USER;");
        var changed = await AuditVerifier.VerifyAsync(db, CancellationToken.None);
        Assert.False(changed.Intact);
        Assert.Equal([3L], changed.Problems.Select(p => p.Sequence).Distinct());
        Assert.Contains("changed", Assert.Single(changed.Problems).Problem);

        // ... and removes line 5.
        await db.Database.ExecuteSqlRawAsync(
            "ALTER TABLE audit_entries DISABLE TRIGGER USER; DELETE FROM audit_entries WHERE sequence = 5; ALTER TABLE audit_entries ENABLE TRIGGER USER;");
        var removed = await AuditVerifier.VerifyAsync(db, CancellationToken.None);
        Assert.Contains(removed.Problems, p => p.Sequence == 6 && p.Problem.Contains("lines 5–5 are missing", StringComparison.Ordinal));
        Assert.Contains(removed.Problems, p => p.Sequence == 6 && p.Problem.Contains("does not link", StringComparison.Ordinal));

        // The officer sees the same through the API.
        using var dpo = factory.ClientFor(Org.DepartmentOffice, PlatformRoles.DataProtectionOfficer);
        var verification = await (await dpo.GetAsync("/api/reports/audit/verification")).Json(HttpStatusCode.OK);
        Assert.False(verification.GetProperty("intact").GetBoolean());
        Assert.Contains(verification.GetProperty("problems").EnumerateArray(), p => p.GetProperty("sequence").GetInt64() == 3);
    }
}
