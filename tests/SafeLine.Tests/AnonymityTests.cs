using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Messaging;
using Platform.SafeLine.Infrastructure;
using Platform.SafeLine.Tests.Support;
using Microsoft.Extensions.Hosting;

namespace Platform.SafeLine.Tests;

[Collection(SafeLineCollection.Name)]
public sealed class AnonymityTests(SafeLineFixture fixture)
{
    private const string Address = "203.0.113.77";
    private const string Agent = "SafeLineProbe/9.9 (Pupil-Phone-4711)";

    [Fact]
    public async Task No_client_address_or_user_agent_reaches_the_database_the_logs_or_the_traces()
    {
        var world = await fixture.NewWorldAsync();
        using var client = fixture.CreateClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", $"10.0.0.9, {Address}");
        client.DefaultRequestHeaders.UserAgent.ParseAdd(Agent);
        client.DefaultRequestHeaders.Add("Cookie", "tracking=pupil-cookie-4711");

        // The capture works: a route outside the safe line keeps its user agent on its span.
        (await client.GetAsync("/openapi/v1.json")).EnsureSuccessStatusCode();
        await WaitForSpanAsync("/openapi/v1.json");
        Assert.Contains(fixture.Spans, s => s.GetTagItem("url.path") as string == "/openapi/v1.json" && s.GetTagItem("user_agent.original") as string == Agent);

        var response = await client.PostAsJsonAsync("/api/safeline/reports",
            SafeLineFixture.Report(world, "drugs", "Có người bán ma túy ở cổng sau, em sợ lắm."));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var receipt = (await response.Content.ReadFromJsonAsync<SafeLineFixture.ReceiptDto>())!;
        (await client.PostAsJsonAsync("/api/safeline/follow/messages",
            new { code = receipt.Code, passphrase = receipt.Passphrase, text = "Hôm nay họ lại đứng đó lúc 5 giờ chiều." })).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync("/api/safeline/follow", new { code = receipt.Code, passphrase = "wrong-wrong-wrong" })).Dispose();
        await WaitForSpanAsync("/api/safeline/follow");

        // Database: every column of every row of every table, as text.
        await using var db = fixture.NewDbContext();
        var tables = await db.Database.SqlQuery<string>($"SELECT table_name AS \"Value\" FROM information_schema.tables WHERE table_schema = 'public'").ToListAsync();
        Assert.Contains("cases", tables);
        foreach (var table in tables)
        {
            // The table names come from the catalogue, not from a request.
#pragma warning disable EF1002
            var rows = await db.Database.SqlQueryRaw<string>($"SELECT t::text AS \"Value\" FROM \"{table}\" t").ToListAsync();
#pragma warning restore EF1002
            foreach (var row in rows)
            {
                Assert.DoesNotContain(Address, row);
                Assert.DoesNotContain("SafeLineProbe", row);
                Assert.DoesNotContain("pupil-cookie", row);
            }
        }
        var stored = await db.Cases.Include(c => c.Messages).SingleAsync(c => c.Code == receipt.Code);
        Assert.All(stored.Messages.Select(m => m.At).Append(stored.ReceivedAt), t => Assert.Equal((0, 0), (t.Second, t.Millisecond)));
        // Ids carry no time either (a version 7 id holds its millisecond), nor do the case's events in the outbox, once relayed.
        Assert.All(stored.Messages.Select(m => m.Id).Append(stored.Id), id => Assert.Equal(4, id.Version));
        var caseId = stored.Id.ToString();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM outbox_messages WHERE body->>'caseId' = {caseId} AND published_at IS NULL").SingleAsync() > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the case's event was not relayed");
            await Task.Delay(50);
        }
        await fixture.Services.GetRequiredService<EscalationMonitor>().RunOnceAsync(CancellationToken.None);
        var events = await db.Set<OutboxMessage>().FromSqlInterpolated($"SELECT * FROM outbox_messages WHERE body->>'caseId' = {caseId}").AsNoTracking().ToListAsync();
        Assert.NotEmpty(events);
        foreach (var e in events)
        {
            Assert.Equal(4, e.Id.Version);
            Assert.Null(e.TraceParent);
            Assert.All(new[] { e.CreatedAt, e.NextAttemptAt, e.PublishedAt!.Value }, t => Assert.Equal((0, 0), (t.Second, t.Millisecond)));
        }

        // Logs: messages, their values and their scopes, at Debug and above.
        var logs = fixture.Logs.ToArray();
        Assert.Contains(logs, l => l.Contains("Safe line report received", StringComparison.Ordinal));
        Assert.DoesNotContain(logs, l => l.Contains(caseId, StringComparison.Ordinal));
        Assert.DoesNotContain(logs, l => l.Contains(Address, StringComparison.Ordinal) || l.Contains("SafeLineProbe", StringComparison.Ordinal)
            || l.Contains("pupil-cookie", StringComparison.Ordinal));
        // Nor the case's words or the passphrase.
        Assert.DoesNotContain(logs, l => l.Contains("ma túy ở cổng", StringComparison.Ordinal) || l.Contains(receipt.Passphrase, StringComparison.Ordinal));

        // Traces: every tag of every span the service finished.
        var safeLineSpans = fixture.Spans.Where(s => (s.GetTagItem("url.path") as string)?.StartsWith("/api/safeline", StringComparison.Ordinal) == true).ToList();
        Assert.NotEmpty(safeLineSpans);
        foreach (var span in fixture.Spans.Where(s => (s.GetTagItem("url.path") as string) != "/openapi/v1.json"))
        {
            foreach (var (key, value) in span.TagObjects)
            {
                var text = value?.ToString() ?? "";
                Assert.False(text.Contains(Address, StringComparison.Ordinal) || text.Contains("SafeLineProbe", StringComparison.Ordinal),
                    $"span {span.DisplayName} tag {key} = {text}");
            }
        }
        Assert.All(safeLineSpans, s => Assert.DoesNotContain(s.TagObjects, t => ClientPrivacy.IdentifyingTags.Contains(t.Key)));
    }

    [Fact]
    public async Task Events_about_a_case_carry_ids_school_category_and_severity_never_its_words()
    {
        var world = await fixture.NewWorldAsync();
        var (code, passphrase) = await fixture.ReportAsync(world, "violence", "Bạn Nguyễn Văn An lớp 8A mang dao đến lớp và dọa đánh em.");
        await using var db = fixture.NewDbContext();
        var id = await db.Cases.Where(c => c.Code == code).Select(c => c.Id).SingleAsync();
        var rows = await db.Database.SqlQuery<string>($"SELECT body::text AS \"Value\" FROM outbox_messages WHERE body->>'caseId' = {id.ToString()}").ToListAsync();
        var body = JsonDocument.Parse(Assert.Single(rows)).RootElement;
        Assert.Equal(world.School, body.GetProperty("schoolId").GetGuid());
        Assert.Equal(world.District, body.GetProperty("supervisingUnitId").GetGuid());
        Assert.Equal(world.Department, body.GetProperty("departmentUnitId").GetGuid());
        Assert.Equal(("Violence", "High"), (body.GetProperty("category").GetString(), body.GetProperty("severity").GetString()));
        Assert.DoesNotContain("Nguyễn", rows[0]);
        Assert.DoesNotContain("dao", rows[0]);
        Assert.DoesNotContain(code, rows[0]);
        _ = passphrase;
    }

    [Fact]
    public async Task A_wrong_passphrase_and_an_unknown_code_get_the_same_answer_in_similar_time()
    {
        var world = await fixture.NewWorldAsync();
        var (code, passphrase) = await fixture.ReportAsync(world);
        using var client = fixture.Public(SafeLineFixture.NewAddress());

        async Task<(HttpStatusCode Status, string Title, string Detail, TimeSpan Took)> TryAsync(string c, string p)
        {
            var watch = Stopwatch.StartNew();
            using var response = await client.PostAsJsonAsync("/api/safeline/follow", new { code = c, passphrase = p });
            watch.Stop();
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            return (response.StatusCode, problem.GetProperty("title").GetString()!, problem.GetProperty("detail").GetString()!, watch.Elapsed);
        }

        var unknownCode = code == "AT-3333-3333" ? "AT-4444-4444" : "AT-3333-3333";
        await TryAsync(code, "warm-up"); // first calls pay for JIT and connections
        await TryAsync(unknownCode, "warm-up");
        var wrong = new List<TimeSpan>();
        var unknown = new List<TimeSpan>();
        for (var i = 0; i < 6; i++)
        {
            var w = await TryAsync(code, passphrase + "x");
            var u = await TryAsync(unknownCode, passphrase);
            Assert.Equal((HttpStatusCode.NotFound, "Không tìm thấy.", "Mã tin báo hoặc cụm mật khẩu không đúng."), (w.Status, w.Title, w.Detail));
            Assert.Equal((w.Status, w.Title, w.Detail), (u.Status, u.Title, u.Detail));
            wrong.Add(w.Took);
            unknown.Add(u.Took);
        }
        var medianWrong = wrong.Order().ElementAt(3).TotalMilliseconds;
        var medianUnknown = unknown.Order().ElementAt(3).TotalMilliseconds;
        // Both pay one PBKDF2 (tens of milliseconds); a shortcut for unknown codes would be an order of magnitude faster.
        Assert.InRange(medianUnknown / medianWrong, 0.5, 2.0);
        Assert.True(medianUnknown > 10, $"an unknown code answered in {medianUnknown} ms: no hash was computed");
    }

    private async Task WaitForSpanAsync(string path)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!fixture.Spans.Any(s => s.GetTagItem("url.path") as string == path))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"No span for {path}");
            await Task.Delay(20);
        }
    }
}
