using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.SafeLine.Domain;
using Platform.SafeLine.Tests.Support;

namespace Platform.SafeLine.Tests;

[Collection(SafeLineCollection.Name)]
public sealed class ReportingTests(SafeLineFixture fixture)
{
    [Fact]
    public async Task A_school_is_found_by_its_name_without_diacritics()
    {
        var world = await fixture.NewWorldAsync();
        var tag = world.SchoolName[^6..];
        using var client = fixture.Public(SafeLineFixture.NewAddress());

        var found = await client.GetFromJsonAsync<List<JsonElement>>($"/api/safeline/schools?q=le loi {tag}");
        var school = Assert.Single(found!);
        Assert.Equal(world.SchoolName, school.GetProperty("name").GetString());
        Assert.StartsWith("Phòng GDĐT quận An Biên", school.GetProperty("area").GetString());

        var other = await client.GetFromJsonAsync<List<JsonElement>>($"/api/safeline/schools?q=HOA BINH {tag}");
        Assert.Equal(world.OtherSchoolName, Assert.Single(other!).GetProperty("name").GetString());

        // Only schools: the district office and the Department are not places to report to.
        var offices = await client.GetFromJsonAsync<List<JsonElement>>($"/api/safeline/schools?q=an bien {tag}");
        Assert.Equal(2, offices!.Count);
        Assert.DoesNotContain(offices, s => s.GetProperty("name").GetString()!.StartsWith("Phòng", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Each_school_has_a_poster_with_its_name_a_QR_code_and_the_hotlines()
    {
        var world = await fixture.NewWorldAsync();
        using var client = fixture.Public(SafeLineFixture.NewAddress());

        var png = await client.GetAsync($"/api/safeline/schools/{world.School}/qr.png");
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        var bytes = await png.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);

        var poster = await client.GetAsync($"/api/safeline/schools/{world.School}/poster.svg");
        Assert.Equal("image/svg+xml", poster.Content.Headers.ContentType?.MediaType);
        var svg = System.Xml.Linq.XDocument.Parse(await poster.Content.ReadAsStringAsync());
        var text = string.Concat(svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value + "\n"));
        Assert.Contains(world.SchoolName, text);
        Assert.Contains("/an-toan", text);
        Assert.Contains("111", text);
        Assert.Equal("210mm", svg.Root!.Attribute("width")!.Value);
        Assert.True(svg.Descendants().Count(e => e.Name.LocalName == "rect") > 200, "the QR code's modules are drawn");

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/safeline/schools/{world.District}/poster.svg")).StatusCode);
    }

    [Fact]
    public async Task A_report_without_an_account_answers_a_code_and_a_passphrase_of_which_only_a_slow_hash_is_kept()
    {
        var world = await fixture.NewWorldAsync();
        using var client = fixture.Public(SafeLineFixture.NewAddress());
        var response = await client.PostAsJsonAsync("/api/safeline/reports", SafeLineFixture.Report(world));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var receipt = (await response.Content.ReadFromJsonAsync<SafeLineFixture.ReceiptDto>())!;
        Assert.Matches("^AT-[0-9A-Z]{4}-[0-9A-Z]{4}$", receipt.Code);
        Assert.Matches("^[a-z0-9]{4}(-[a-z0-9]{4}){3}$", receipt.Passphrase);
        Assert.Equal(world.SchoolName, receipt.SchoolName);

        await using var db = fixture.NewDbContext();
        var stored = await db.Cases.SingleAsync(c => c.Code == receipt.Code);
        Assert.Equal((world.School, CaseCategory.Bullying, CaseSeverity.Normal, CaseStatus.New), (stored.SchoolId, stored.Category, stored.Severity, stored.Status));
        Assert.Equal((new DateOnly(2025, 3, 2), 10, "Nhà xe"), (stored.OccurredOn, stored.OccurredHour, stored.Place));
        Assert.Equal(0, stored.ReceivedAt.Second);
        Assert.Equal(32, stored.PassphraseHash.Length);
        Assert.True(CaseCredentials.Verify(receipt.Passphrase, stored.PassphraseSalt, stored.PassphraseHash));
        var raw = await db.Database.SqlQuery<string>($"SELECT c::text AS \"Value\" FROM cases c WHERE code = {receipt.Code}").SingleAsync();
        Assert.DoesNotContain(receipt.Passphrase, raw, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(CaseCredentials.NormalisePassphrase(receipt.Passphrase), raw, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Bad_input_gets_a_Vietnamese_problem_naming_each_field()
    {
        var world = await fixture.NewWorldAsync();
        using var client = fixture.Public(SafeLineFixture.NewAddress());
        var response = await client.PostAsJsonAsync("/api/safeline/reports", new
        {
            schoolId = Guid.NewGuid(), category = "fighting", occurredOn = "2099-01-01", occurredHour = 25, text = new string('a', SafeCase.TextMax + 1),
            contact = new string('b', 300),
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Dữ liệu không hợp lệ.", problem.GetProperty("title").GetString());
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "schoolId", "category", "occurredOn", "occurredHour", "text", "contact" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {problem}");
        }
        Assert.Contains("bullying (bắt nạt)", errors.GetProperty("category")[0].GetString());
        Assert.Contains("tương lai", errors.GetProperty("occurredOn")[0].GetString());

        var missing = await Fresh().PostAsJsonAsync("/api/safeline/reports", new { schoolId = world.School });
        var missingErrors = (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal("Hãy chọn điều đã xảy ra.", missingErrors.GetProperty("category")[0].GetString());
        Assert.True(missingErrors.TryGetProperty("text", out _));

        // Unreadable JSON, a wrong type, a field the request does not have: 400s naming the field, never a 500.
        using var malformed = await Fresh().PostAsync("/api/safeline/reports", new StringContent("{\"text\": ", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        var wrongType = await Fresh().PostAsJsonAsync("/api/safeline/reports", new { schoolId = "not-a-guid" });
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.Contains("schoolId", await wrongType.Content.ReadAsStringAsync());
        var unknown = await Fresh().PostAsJsonAsync("/api/safeline/reports", new { schoolId = world.School, status = "Closed" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("status", await unknown.Content.ReadAsStringAsync());
    }

    /// <summary>Each from its own address: bad requests count against the rate limit too.</summary>
    private HttpClient Fresh() => fixture.Public(SafeLineFixture.NewAddress());

    [Fact]
    public async Task A_body_over_the_limit_is_refused_with_413_before_it_is_read()
    {
        var world = await fixture.NewWorldAsync();
        using var client = fixture.Public(SafeLineFixture.NewAddress());
        var response = await client.PostAsJsonAsync("/api/safeline/reports", new { schoolId = world.School, text = new string('x', 40_000) });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_filled_honeypot_gets_a_receipt_like_anyone_but_nothing_is_stored()
    {
        var world = await fixture.NewWorldAsync();
        using var client = fixture.Public(SafeLineFixture.NewAddress());
        var response = await client.PostAsJsonAsync("/api/safeline/reports", SafeLineFixture.Report(world, website: "http://spam.example"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var receipt = (await response.Content.ReadFromJsonAsync<SafeLineFixture.ReceiptDto>())!;
        await using var db = fixture.NewDbContext();
        Assert.False(await db.Cases.AnyAsync(c => c.SchoolId == world.School));

        using var follow = await client.PostAsJsonAsync("/api/safeline/follow", new { code = receipt.Code, passphrase = receipt.Passphrase });
        Assert.Equal(HttpStatusCode.NotFound, follow.StatusCode);
    }

    [Fact]
    public async Task The_web_clients_relayed_reports_are_limited_per_person_it_names_and_only_with_the_shared_secret()
    {
        var world = await fixture.NewWorldAsync();
        var webAddress = SafeLineFixture.NewAddress();
        HttpClient Relayed(string secret, string person)
        {
            var client = fixture.Public(webAddress);
            client.DefaultRequestHeaders.Add("X-SafeLine-Relay", secret);
            client.DefaultRequestHeaders.Add("X-SafeLine-Client", person);
            return client;
        }
        // Many people behind the web client's one address: each has a window of their own.
        for (var person = 0; person < SafeLineFixture.ReportsPerWindow + 2; person++)
        {
            using var client = Relayed(SafeLineFixture.RelaySecret, $"person-{Guid.NewGuid():N}");
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/safeline/reports", SafeLineFixture.Report(world))).StatusCode);
        }
        using (var one = Relayed(SafeLineFixture.RelaySecret, "the-same-person"))
        {
            for (var i = 0; i < SafeLineFixture.ReportsPerWindow; i++) (await one.PostAsJsonAsync("/api/safeline/reports", SafeLineFixture.Report(world))).EnsureSuccessStatusCode();
            Assert.Equal(HttpStatusCode.TooManyRequests, (await one.PostAsJsonAsync("/api/safeline/reports", SafeLineFixture.Report(world))).StatusCode);
        }
        // Without the secret the header names nobody: everyone forging it shares the caller's address's window.
        var forgerAddress = SafeLineFixture.NewAddress();
        for (var i = 0; i < SafeLineFixture.ReportsPerWindow + 1; i++)
        {
            using var forger = fixture.Public(forgerAddress);
            forger.DefaultRequestHeaders.Add("X-SafeLine-Relay", "guessed");
            forger.DefaultRequestHeaders.Add("X-SafeLine-Client", $"fake-{i}");
            var response = await forger.PostAsJsonAsync("/api/safeline/reports", SafeLineFixture.Report(world));
            Assert.Equal(i < SafeLineFixture.ReportsPerWindow ? HttpStatusCode.Created : HttpStatusCode.TooManyRequests, response.StatusCode);
        }
    }

    [Fact]
    public async Task Reports_are_limited_per_client_address_in_memory()
    {
        var world = await fixture.NewWorldAsync();
        var address = SafeLineFixture.NewAddress();
        using var client = fixture.Public(address);
        for (var i = 0; i < SafeLineFixture.ReportsPerWindow; i++)
        {
            var ok = await client.PostAsJsonAsync("/api/safeline/reports", SafeLineFixture.Report(world));
            Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        }
        var refused = await client.PostAsJsonAsync("/api/safeline/reports", SafeLineFixture.Report(world));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter is not null);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Quá nhiều yêu cầu.", problem.GetProperty("title").GetString());
        Assert.Contains("111", problem.GetProperty("detail").GetString());

        using var someoneElse = fixture.Public(SafeLineFixture.NewAddress());
        Assert.Equal(HttpStatusCode.Created, (await someoneElse.PostAsJsonAsync("/api/safeline/reports", SafeLineFixture.Report(world))).StatusCode);
        await using var db = fixture.NewDbContext();
        Assert.Equal(SafeLineFixture.ReportsPerWindow + 1, await db.Cases.CountAsync(c => c.SchoolId == world.School));
    }
}
