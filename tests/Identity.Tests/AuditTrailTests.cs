using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Platform.Identity.Domain;
using Platform.Identity.Infrastructure;
using Platform.Messaging.Audit;
using Platform.ServiceDefaults;

namespace Platform.Identity.Tests;

/// <summary>Calls of the audit tests: a token per demo account, JSON and ProblemDetails checks.</summary>
internal static class AuditCalls
{
    public const string Audit = "/api/identity/audit";
    public const string Users = "/api/identity/users";

    public static async Task<(string Token, string Subject)> SignInAsync(IdentityHost host, string userName)
    {
        using var client = host.CreateClient();
        var response = await Tokens.PasswordAsync(client, userName, DemoAccounts.Password);
        Assert.True(response.Status == HttpStatusCode.OK, $"password grant for {userName}: {response}");
        return (response.AccessToken!, response.Jwt.Subject);
    }

    public static async Task<HttpResponseMessage> SendAsync(IdentityHost host, HttpMethod method, string url, string? token, string? body = null)
    {
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(method, url);
        if (token is not null) request.WithBearer(token);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        return await client.SendAsync(request);
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    public static async Task AssertProblemNamesAsync(this HttpResponseMessage response, string field)
    {
        var body = await response.JsonAsync(HttpStatusCode.BadRequest);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), $"expected an error for '{field}': {body}");
    }

    /// <summary>Creates a school staff account as <paramref name="adminToken"/>; returns its id.</summary>
    public static async Task<Guid> CreateAccountAsync(IdentityHost host, string adminToken, string prefix)
    {
        var userName = $"{prefix}.{Guid.NewGuid():N}"[..(prefix.Length + 13)];
        var unit = DemoUnitIds.For(DemoUnitIds.LeChanLowerSecondarySchool);
        var created = await (await SendAsync(host, HttpMethod.Post, Users, adminToken,
            $$"""{"userName":"{{userName}}","displayName":"Trần Thị Kiểm","unitId":"{{unit}}","roles":["SchoolStaff"],"password":"Strong@2024"}"""))
            .JsonAsync(HttpStatusCode.Created);
        return created.GetProperty("id").GetGuid();
    }
}

/// <summary>
/// Identity's chained audit trail: every change an administrator makes to an account is a line (beside the account's
/// history), numbered and hash-chained by the database; only the data-protection officer reviews, exports and verifies it.
/// </summary>
[Collection(IdentityCollection.Name)]
public sealed class AuditTrailTests(IdentityFixture fixture)
{
    private readonly IdentityHost _host = fixture.Host;

    private Task<List<AuditEntry>> LinesAsync(string subjectId) => _host.WithDbAsync(db =>
        db.AuditEntries.AsNoTracking().Where(e => e.SubjectId == subjectId).OrderBy(e => e.Sequence).ToListAsync());

    [Fact]
    public async Task Create_role_change_lock_unlock_and_password_reset_are_each_a_chained_line_naming_the_admin_and_the_account()
    {
        var (admin, adminId) = await AuditCalls.SignInAsync(_host, "admin");
        var id = await AuditCalls.CreateAccountAsync(_host, admin, "chain");
        var url = $"{AuditCalls.Users}/{id}";

        (await AuditCalls.SendAsync(_host, HttpMethod.Put, $"{url}/roles", admin, """{"roles":["SchoolManager","SchoolStaff"]}""")).EnsureSuccessStatusCode();
        (await AuditCalls.SendAsync(_host, HttpMethod.Post, $"{url}/lock", admin)).EnsureSuccessStatusCode();
        (await AuditCalls.SendAsync(_host, HttpMethod.Post, $"{url}/unlock", admin)).EnsureSuccessStatusCode();
        (await AuditCalls.SendAsync(_host, HttpMethod.Post, $"{url}/reset-password", admin, """{"newPassword":"Another@2025"}""")).EnsureSuccessStatusCode();

        var lines = await LinesAsync(id.ToString());
        Assert.Equal(
            [IdentityAuditActions.UserCreated, IdentityAuditActions.UserRolesChanged, IdentityAuditActions.UserLocked,
                IdentityAuditActions.UserUnlocked, IdentityAuditActions.UserPasswordReset],
            lines.Select(l => l.Action));
        Assert.All(lines, line =>
        {
            Assert.Equal(adminId, line.ActorId);
            Assert.Equal(DemoUnitIds.For(DemoUnitIds.Department), line.ActorUnitId);
            Assert.Equal(PlatformRoles.SystemAdmin, line.ActorRoles);
            Assert.Equal(IdentityAuditActions.SubjectUser, line.SubjectType);
            Assert.Equal(32, line.Hash.Length);
            Assert.InRange(line.At, DateTimeOffset.UtcNow.AddMinutes(-2), DateTimeOffset.UtcNow.AddSeconds(5));
        });
        Assert.Contains("SchoolStaff → SchoolManager, SchoolStaff", lines[1].Detail);
        Assert.DoesNotContain("Another@2025", string.Join(" ", lines.Select(l => l.Detail)));

        // Each line is chained to the line numbered just before it (other tests may have written lines in between).
        await _host.WithDbAsync(async db =>
        {
            foreach (var line in lines)
            {
                var before = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Sequence == line.Sequence - 1);
                Assert.Equal(before.Hash, line.PreviousHash);
                Assert.Equal(AuditTrail.HashOf(line, line.PreviousHash), line.Hash);
            }
            Assert.True((await AuditVerifier.VerifyAsync(db, CancellationToken.None)).Intact);
            return 0;
        });

        // The account's own history still has its five entries.
        var history = await (await AuditCalls.SendAsync(_host, HttpMethod.Get, $"{url}/history", admin)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(5, history.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task The_data_protection_officer_lists_filters_exports_and_verifies_the_trail()
    {
        var (admin, adminId) = await AuditCalls.SignInAsync(_host, "admin");
        var (dpo, dpoId) = await AuditCalls.SignInAsync(_host, "dpo");
        var id = await AuditCalls.CreateAccountAsync(_host, admin, "review");
        (await AuditCalls.SendAsync(_host, HttpMethod.Post, $"{AuditCalls.Users}/{id}/lock", admin)).EnsureSuccessStatusCode();
        (await AuditCalls.SendAsync(_host, HttpMethod.Post, $"{AuditCalls.Users}/{id}/unlock", admin)).EnsureSuccessStatusCode();

        var page = await (await AuditCalls.SendAsync(_host, HttpMethod.Get, $"{AuditCalls.Audit}?subjectId={id}", dpo)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(3, page.GetProperty("total").GetInt64());
        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([IdentityAuditActions.UserUnlocked, IdentityAuditActions.UserLocked, IdentityAuditActions.UserCreated],
            items.Select(i => i.GetProperty("action").GetString()));
        Assert.True(items[0].GetProperty("sequence").GetInt64() > items[1].GetProperty("sequence").GetInt64(), "newest first");
        var first = items[0];
        Assert.Equal(
            ["sequence", "at", "actorId", "actorUnitCode", "actorUnitName", "actorRoles", "action", "subjectType", "subjectId", "detail", "hash"],
            first.EnumerateObject().Select(p => p.Name));
        Assert.Equal(adminId, first.GetProperty("actorId").GetString());
        Assert.Equal(DemoUnitIds.Department, first.GetProperty("actorUnitCode").GetString());
        Assert.Equal("Sở Giáo dục và Đào tạo Hải Phòng", first.GetProperty("actorUnitName").GetString());
        Assert.Equal("user", first.GetProperty("subjectType").GetString());
        Assert.Equal(id.ToString(), first.GetProperty("subjectId").GetString());
        Assert.Equal(64, first.GetProperty("hash").GetString()!.Length);

        // Filters: action, actor, Vietnamese days, paging.
        var locked = await (await AuditCalls.SendAsync(_host, HttpMethod.Get,
            $"{AuditCalls.Audit}?action={IdentityAuditActions.UserLocked}&subjectId={id}", dpo)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, locked.GetProperty("total").GetInt64());
        var byActor = await (await AuditCalls.SendAsync(_host, HttpMethod.Get, $"{AuditCalls.Audit}?actorId={adminId}&subjectId={id}&pageSize=2", dpo))
            .JsonAsync(HttpStatusCode.OK);
        Assert.Equal(3, byActor.GetProperty("total").GetInt64());
        Assert.Equal(2, byActor.GetProperty("items").GetArrayLength());
        var byOther = await (await AuditCalls.SendAsync(_host, HttpMethod.Get, $"{AuditCalls.Audit}?actorId={dpoId}&subjectId={id}", dpo))
            .JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, byOther.GetProperty("total").GetInt64());
        var today = VietnamTime.Today(TimeProvider.System);
        var onToday = await (await AuditCalls.SendAsync(_host, HttpMethod.Get,
            $"{AuditCalls.Audit}?from={today:yyyy-MM-dd}&to={today:yyyy-MM-dd}&subjectId={id}", dpo)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(3, onToday.GetProperty("total").GetInt64());
        var fromTomorrow = await (await AuditCalls.SendAsync(_host, HttpMethod.Get,
            $"{AuditCalls.Audit}?from={today.AddDays(1):yyyy-MM-dd}&subjectId={id}", dpo)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, fromTomorrow.GetProperty("total").GetInt64());
        var untilYesterday = await (await AuditCalls.SendAsync(_host, HttpMethod.Get,
            $"{AuditCalls.Audit}?to={today.AddDays(-1):yyyy-MM-dd}&subjectId={id}", dpo)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, untilYesterday.GetProperty("total").GetInt64());

        // Bad filters name their field.
        await (await AuditCalls.SendAsync(_host, HttpMethod.Get, $"{AuditCalls.Audit}?action=user.deleted", dpo)).AssertProblemNamesAsync("action");
        await (await AuditCalls.SendAsync(_host, HttpMethod.Get, $"{AuditCalls.Audit}?from=07/12/2026", dpo)).AssertProblemNamesAsync("from");
        await (await AuditCalls.SendAsync(_host, HttpMethod.Get, $"{AuditCalls.Audit}?to=hôm-nay", dpo)).AssertProblemNamesAsync("to");
        await (await AuditCalls.SendAsync(_host, HttpMethod.Get, $"{AuditCalls.Audit}?from=2026-12-08&to=2026-12-01", dpo)).AssertProblemNamesAsync("from");
        await (await AuditCalls.SendAsync(_host, HttpMethod.Get, $"{AuditCalls.Audit}?pageSize=0", dpo)).AssertProblemNamesAsync("pageSize");
        await (await AuditCalls.SendAsync(_host, HttpMethod.Get, $"{AuditCalls.Audit}?page=abc", dpo)).AssertProblemNamesAsync("page");
        await (await AuditCalls.SendAsync(_host, HttpMethod.Get, $"{AuditCalls.Audit}?page=-1", dpo)).AssertProblemNamesAsync("page");
        await (await AuditCalls.SendAsync(_host, HttpMethod.Get, $"{AuditCalls.Audit}/export?format=pdf", dpo)).AssertProblemNamesAsync("format");
        await (await AuditCalls.SendAsync(_host, HttpMethod.Get, $"{AuditCalls.Audit}/export?format=csv&from=x", dpo)).AssertProblemNamesAsync("from");

        // Export: CSV and XLSX, each itself a line.
        var csv = await AuditCalls.SendAsync(_host, HttpMethod.Get, $"{AuditCalls.Audit}/export?format=csv&subjectId={id}", dpo);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var text = await csv.Content.ReadAsStringAsync();
        Assert.Contains(IdentityAuditActions.UserLocked, text);
        Assert.Contains(IdentityAuditActions.UserCreated, text);
        Assert.Contains("Sở Giáo dục và Đào tạo Hải Phòng", text);
        Assert.Contains($"user {id}", text);
        var xlsx = await AuditCalls.SendAsync(_host, HttpMethod.Get, $"{AuditCalls.Audit}/export?subjectId={id}", dpo);
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);
        Assert.Equal("PK"u8.ToArray(), (await xlsx.Content.ReadAsByteArrayAsync())[..2]);
        var exports = await _host.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.Action == IdentityAuditActions.AuditExported && e.Detail!.Contains(id.ToString())).ToListAsync());
        Assert.Equal(2, exports.Count);
        Assert.All(exports, e =>
        {
            Assert.Equal(dpoId, e.ActorId);
            Assert.Equal(PlatformRoles.DataProtectionOfficer, e.ActorRoles);
            Assert.Equal(DemoUnitIds.For(DemoUnitIds.DepartmentOffice), e.ActorUnitId);
        });

        // Verification: the whole trail, intact, ending at the newest line; itself a line.
        var (count, lastHash) = await _host.WithDbAsync(async db =>
        {
            var last = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence).FirstAsync();
            return (await db.AuditEntries.LongCountAsync(), Convert.ToHexStringLower(last.Hash));
        });
        var verification = await (await AuditCalls.SendAsync(_host, HttpMethod.Get, $"{AuditCalls.Audit}/verification", dpo)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(["lines", "lastHash", "intact", "problems", "verifiedAt"], verification.EnumerateObject().Select(p => p.Name));
        Assert.True(verification.GetProperty("intact").GetBoolean(), verification.ToString());
        Assert.Equal(count, verification.GetProperty("lines").GetInt64());
        Assert.Equal(lastHash, verification.GetProperty("lastHash").GetString());
        Assert.Equal(0, verification.GetProperty("problems").GetArrayLength());
        var verified = await _host.WithDbAsync(db => db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence).FirstAsync());
        Assert.Equal((IdentityAuditActions.AuditVerified, dpoId), (verified.Action, verified.ActorId));
        Assert.Contains(lastHash, verified.Detail);
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("auditor")]
    [InlineData("department.officer")]
    [InlineData("school.principal")]
    public async Task Everyone_but_the_data_protection_officer_gets_403_and_no_line_is_written(string userName)
    {
        var (token, subject) = await AuditCalls.SignInAsync(_host, userName);
        foreach (var path in new[] { AuditCalls.Audit, $"{AuditCalls.Audit}/export?format=csv", $"{AuditCalls.Audit}/verification" })
        {
            var response = await AuditCalls.SendAsync(_host, HttpMethod.Get, path, token);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{userName} GET {path}: {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        Assert.False(await _host.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.ActorId == subject && e.SubjectType == IdentityAuditActions.SubjectAudit)));
    }

    [Fact]
    public async Task Calls_without_a_valid_token_get_401()
    {
        foreach (var path in new[] { AuditCalls.Audit, $"{AuditCalls.Audit}/export?format=csv", $"{AuditCalls.Audit}/verification" })
        {
            var response = await AuditCalls.SendAsync(_host, HttpMethod.Get, path, token: null);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"GET {path}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task The_dpo_demo_account_signs_in_as_the_Department_offices_data_protection_officer_and_cannot_administer_accounts()
    {
        using var client = _host.CreateClient();
        var response = await Tokens.PasswordAsync(client, "dpo", DemoAccounts.Password);
        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        Assert.Equal(PlatformRoles.DataProtectionOfficer, response.Jwt.GetClaim("role").Value);
        Assert.Equal(DemoUnitIds.For(DemoUnitIds.DepartmentOffice).ToString(), response.Jwt.GetClaim("unit_id").Value);
        var users = await AuditCalls.SendAsync(_host, HttpMethod.Get, AuditCalls.Users, response.AccessToken);
        Assert.Equal(HttpStatusCode.Forbidden, users.StatusCode);
    }

    [Fact]
    public async Task A_SystemAdmin_grants_the_data_protection_officer_role_and_the_grant_is_on_the_trail()
    {
        var (admin, adminId) = await AuditCalls.SignInAsync(_host, "admin");
        var id = await AuditCalls.CreateAccountAsync(_host, admin, "newdpo");
        var changed = await (await AuditCalls.SendAsync(_host, HttpMethod.Put, $"{AuditCalls.Users}/{id}/roles", admin,
            """{"roles":["dataprotectionofficer"]}""")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal([PlatformRoles.DataProtectionOfficer], changed.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        var line = (await LinesAsync(id.ToString())).Single(l => l.Action == IdentityAuditActions.UserRolesChanged);
        Assert.Equal(adminId, line.ActorId);
        Assert.EndsWith("SchoolStaff → DataProtectionOfficer", line.Detail);
    }

    [Fact]
    public async Task The_database_refuses_to_update_delete_or_truncate_a_line_even_for_a_superuser()
    {
        var (admin, _) = await AuditCalls.SignInAsync(_host, "admin");
        await AuditCalls.CreateAccountAsync(_host, admin, "refuse");
        await _host.WithDbAsync(async db =>
        {
            var before = await db.AuditEntries.CountAsync();
            foreach (var sql in new[] { "UPDATE audit_entries SET detail = 'đã sửa'", "DELETE FROM audit_entries", "TRUNCATE audit_entries" })
            {
                var refused = await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlRawAsync(sql));
                Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
            }
            Assert.Equal(before, await db.AuditEntries.CountAsync());
            return 0;
        });
    }
}

/// <summary>On a database of its own: someone who can switch the triggers off changes a line, and the officer's verification names it.</summary>
public sealed class AuditTamperTests
{
    [Fact]
    public async Task A_changed_line_and_a_removed_line_are_named_by_the_verification_endpoint()
    {
        await using var host = await IdentityHost.StartAsync();
        await host.SeedUnitReplicasAsync();
        var (admin, _) = await AuditCalls.SignInAsync(host, "admin");
        var (dpo, _) = await AuditCalls.SignInAsync(host, "dpo");
        var id = await AuditCalls.CreateAccountAsync(host, admin, "tamper");
        for (var i = 0; i < 3; i++)
        {
            (await AuditCalls.SendAsync(host, HttpMethod.Post, $"{AuditCalls.Users}/{id}/lock", admin)).EnsureSuccessStatusCode();
            (await AuditCalls.SendAsync(host, HttpMethod.Post, $"{AuditCalls.Users}/{id}/unlock", admin)).EnsureSuccessStatusCode();
        }
        var intact = await (await AuditCalls.SendAsync(host, HttpMethod.Get, $"{AuditCalls.Audit}/verification", dpo)).JsonAsync(HttpStatusCode.OK);
        Assert.True(intact.GetProperty("intact").GetBoolean(), intact.ToString());

        // A superuser hides who locked the account: rewrites line 2 (the first lock) as someone else's, triggers off.
        await host.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
            "ALTER TABLE audit_entries DISABLE TRIGGER USER; UPDATE audit_entries SET actor_id = 'nguoi-khac' WHERE sequence = 2; ALTER TABLE audit_entries ENABLE TRIGGER USER;"));
        var changed = await (await AuditCalls.SendAsync(host, HttpMethod.Get, $"{AuditCalls.Audit}/verification", dpo)).JsonAsync(HttpStatusCode.OK);
        Assert.False(changed.GetProperty("intact").GetBoolean());
        var problem = Assert.Single(changed.GetProperty("problems").EnumerateArray());
        Assert.Equal(2, problem.GetProperty("sequence").GetInt64());
        Assert.Contains("changed", problem.GetProperty("problem").GetString());
        Assert.Contains(IdentityAuditActions.UserLocked, problem.GetProperty("problem").GetString());

        // ... and removes line 4 (the second lock).
        await host.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
            "ALTER TABLE audit_entries DISABLE TRIGGER USER; DELETE FROM audit_entries WHERE sequence = 4; ALTER TABLE audit_entries ENABLE TRIGGER USER;"));
        var removed = await (await AuditCalls.SendAsync(host, HttpMethod.Get, $"{AuditCalls.Audit}/verification", dpo)).JsonAsync(HttpStatusCode.OK);
        var problems = removed.GetProperty("problems").EnumerateArray().Select(p => (p.GetProperty("sequence").GetInt64(), p.GetProperty("problem").GetString()!)).ToList();
        Assert.Contains(problems, p => p.Item1 == 2);
        Assert.Contains(problems, p => p.Item1 == 5 && p.Item2.Contains("missing", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Item1 == 5 && p.Item2.Contains("does not link", StringComparison.Ordinal));
    }
}
