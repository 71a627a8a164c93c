using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Platform.ServiceDefaults;
using Xunit.Abstractions;

namespace Platform.EndToEnd.Tests;

/// <summary>
/// Bad input at the gateway: every route the services' OpenAPI documents list is called through the gateway with
/// malformed and hostile input and with the token of every role (and none). No answer may be a 5xx, every error
/// must be a ProblemDetails whose status matches, and a rejected request must leave every database as it was.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class GatewayFuzzTests(PlatformFixture platform, ITestOutputHelper output)
{
    private static readonly string[] Services =
        [ResourceNames.Units, ResourceNames.Identity, ResourceNames.Tasks, ResourceNames.Reporting, ResourceNames.Coordination, ResourceNames.Notifications];

    private static readonly string[] Databases =
    [
        ResourceNames.UnitsDatabase, ResourceNames.IdentityDatabase, ResourceNames.TasksDatabase,
        ResourceNames.ReportingDatabase, ResourceNames.CoordinationDatabase, ResourceNames.NotificationsDatabase,
    ];

    /// <summary>
    /// Tables the platform writes by itself while the fuzzer runs (message plumbing, deliveries, sign-ins): their
    /// counters move without any request. Every other table must not change. The scheduled scans are held still instead.
    /// </summary>
    private static readonly string[] BackgroundTables =
    [
        "outbox_messages", "inbox_messages", "outbox_state", "inbox_state",
        // identity: the fuzzer's own sign-ins write tokens and authorizations
        "OpenIddictTokens", "OpenIddictAuthorizations", "openiddict_tokens", "openiddict_authorizations",
        // notifications: deliveries of events from the rest of the suite keep arriving
        "notifications", "email_deliveries", "deliveries",
        // notifications: a person's recipient record is made on their first signed-in call (from the token, not the request)
        "recipients",
        // reporting (and identity): every read of an incident or of the trail is itself a line of the audit trail, so the
        // fuzzer's accepted reads write there; lines are append-only and chained, so nothing else can change through it
        "audit_entries",
    ];

    // Vietnamese in decomposed form (NFD) with zero-width characters and a right-to-left override between letters.
    private static readonly string OddUnicode =
        "Tr\u0131\u0301\u00f4\u0300ng ".Normalize(NormalizationForm.FormD) + "Le\u0302\u0300 Cha\u0302n\u200b\u200c\u200d\ufeff\u202e\u0001x";

    /// <summary>How long PostgreSQL 15 may take to publish a backend's table statistics (10 s idle interval), and a margin.</summary>
    private static readonly TimeSpan StatisticsDelay = TimeSpan.FromSeconds(11);

    private static readonly string[] Roles = ["admin", "department.officer", "commune.officer", "district.officer", "school.principal", "school.staff", "police.liaison"];

    [Fact]
    public async Task Every_route_answers_hostile_input_with_a_problem_and_writes_nothing()
    {
        using var gateway = platform.App.CreateHttpClient(ResourceNames.Gateway);
        gateway.Timeout = TimeSpan.FromSeconds(60);
        var tokens = new List<string?> { null, "not-a-token" };
        foreach (var role in Roles)
        {
            tokens.Add(await PlatformTests.SignInAsync(gateway, role));
        }

        var routes = new List<Route>();
        foreach (var service in Services)
        {
            using var direct = platform.App.CreateHttpClient(service);
            var document = JsonNode.Parse(await direct.GetStringAsync("/openapi/v1.json"))!;
            routes.AddRange(Route.From(document).Where(r => r.Path.StartsWith("/api/", StringComparison.Ordinal)));
        }
        output.WriteLine($"{routes.Count} routes in the services' OpenAPI documents");
        Assert.True(routes.Count >= 80, $"Only {routes.Count} routes were listed; an OpenAPI document is missing routes");

        // Let what earlier tests set going settle first (a police reply to their referral, replicas catching up):
        // the counters must stand still for 11 s (at most a minute and a half) before the fuzzer starts. PostgreSQL 15
        // publishes a busy backend's table statistics at most every 10 s, hence 11.
        // The police simulator records an outcome 30 s after it accepts: a referral an earlier test made may still be in its
        // hands after an 11 s lull, and its outcome would land while the fuzzer runs. Wait until it has none.
        await WaitForPoliceSimulatorToFinishAsync(TimeSpan.FromSeconds(90));
        // The services' scheduled scans (overdue flags, follow-up reminders, SLA checks, missed cadences) write on
        // their own clock: a deadline an earlier test set can pass while the fuzzer runs. Hold them still, in every
        // database, for the whole count; what is left to move a counter is a request.
        await using var held = await HoldScheduledScansAsync();
        var before = await WriteCountersAsync();
        for (var settle = Stopwatch.StartNew(); settle.Elapsed < TimeSpan.FromSeconds(90);)
        {
            await Task.Delay(StatisticsDelay);
            var now = await WriteCountersAsync();
            var moving = now.Count(kv => before.GetValueOrDefault(kv.Key) != kv.Value);
            before = now;
            if (moving == 0)
            {
                break;
            }
        }
        var failures = new ConcurrentQueue<string>();
        var accepted = new ConcurrentQueue<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        var sent = 0;
        var clock = Stopwatch.StartNew();

        var cases = routes.SelectMany(route => route.Cases().Select(c => (route, c))).ToList();
        // Every case with an anonymous caller, a forged token and every role's token.
        IReadOnlyList<string?> adminOnly = [tokens[2]]; // after anonymous and the forged token: Roles[0], the admin
        var work = cases.SelectMany(c => (c.c.Heavy ? adminOnly : (IReadOnlyList<string?>)tokens).Select(token => (c.route, c.c, token))).ToList();
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (item, ct) =>
        {
            var (route, fuzz, token) = item;
            using var request = fuzz.Build();
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }
            Interlocked.Increment(ref sent);
            HttpResponseMessage response;
            try
            {
                response = await gateway.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            }
            catch (HttpRequestException) when (fuzz.ProtocolLevel)
            {
                // The server refused the request line and closed the connection before the client read its answer.
                statuses.AddOrUpdate(0, 1, (_, n) => n + 1);
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                failures.Enqueue($"{route.Method} {fuzz.Description}: no answer ({ex.GetType().Name}: {ex.Message})");
                return;
            }
            using (response)
            {
                var status = (int)response.StatusCode;
                statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
                if (status < 300 && response.Content.Headers.ContentType?.MediaType == "text/event-stream")
                {
                    return; // the live notifications stream answered and stays open: nothing more to read
                }
                var body = await response.Content.ReadAsStringAsync(ct);
                if (status >= 500)
                {
                    failures.Enqueue($"{route.Method} {fuzz.Description} [{Who(token)}]: {status} {Truncate(body)}");
                }
                else if (fuzz.ProtocolLevel)
                {
                    if (status != fuzz.ExpectedStatus)
                    {
                        failures.Enqueue($"{route.Method} {fuzz.Description} [{Who(token)}]: {status}, not the server's {fuzz.ExpectedStatus}");
                    }
                }
                else if (status >= 400)
                {
                    var problem = ProblemCheck(response, status, body);
                    if (problem is not null)
                    {
                        failures.Enqueue($"{route.Method} {fuzz.Description} [{Who(token)}]: {status} {problem}: {Truncate(body)}");
                    }
                }
                else if (route.Method != "GET")
                {
                    accepted.Enqueue($"{route.Method} {fuzz.Description} [{Who(token)}]: {status}");
                }
            }
        });
        clock.Stop();

        await Task.Delay(StatisticsDelay);
        var after = await WriteCountersAsync();
        var changes = after.ToDictionary(kv => kv.Key, kv => kv.Value - before.GetValueOrDefault(kv.Key));
        var written = changes.Where(kv => kv.Value != 0).Select(kv => $"{kv.Key}: {kv.Value} rows written").ToList();

        output.WriteLine($"{sent} requests over {routes.Count} routes ({cases.Count} inputs × {tokens.Count} callers) in {clock.Elapsed.TotalSeconds:F0} s " +
                         $"({sent / clock.Elapsed.TotalSeconds:F0}/s)");
        output.WriteLine("Statuses: " + string.Join(", ", statuses.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}×{kv.Value}")));
        output.WriteLine($"Writes accepted: {accepted.Count}");
        foreach (var line in accepted.Take(20))
        {
            output.WriteLine("  " + line);
        }
        Assert.True(failures.IsEmpty, $"{failures.Count} of {sent} requests broke the rules:\n" + string.Join("\n", failures.Distinct().Take(60)));
        Assert.True(accepted.IsEmpty, "Hostile writes were accepted:\n" + string.Join("\n", accepted.Take(40)));
        Assert.True(written.Count == 0, "Rejected requests changed the databases:\n" + string.Join("\n", written));
    }

    private static string Who(string? token) => token is null ? "anonymous" : token == "not-a-token" ? "forged token" : "signed in";

    private static string Truncate(string body) => body.Length <= 300 ? body : body[..300] + "…";

    /// <summary>Why an error answer is not a proper ProblemDetails, or null when it is one.</summary>
    private static string? ProblemCheck(HttpResponseMessage response, int status, string body)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"content type {response.Content.Headers.ContentType?.MediaType ?? "(none)"}, not application/problem+json";
        }
        try
        {
            var problem = JsonDocument.Parse(body).RootElement;
            if (!problem.TryGetProperty("status", out var s) || s.GetInt32() != status)
            {
                return "its status member does not match the response";
            }
            if (!problem.TryGetProperty("title", out var title) || string.IsNullOrWhiteSpace(title.GetString()))
            {
                return "it has no title";
            }
            if (body.Contains("   at ", StringComparison.Ordinal) || body.Contains("Exception", StringComparison.Ordinal))
            {
                return "it shows a stack trace or an exception name";
            }
            return null;
        }
        catch (JsonException)
        {
            return "its body is not JSON";
        }
    }

    /// <summary>Waits until no referral is acknowledged or accepted without its outcome yet: the simulator's work in hand.</summary>
    private async Task WaitForPoliceSimulatorToFinishAsync(TimeSpan timeout)
    {
        await using var connection = new NpgsqlConnection(await platform.App.GetConnectionStringAsync(ResourceNames.CoordinationDatabase));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM referrals WHERE status IN ('Acknowledged', 'Accepted')", connection);
        for (var clock = Stopwatch.StartNew(); ; await Task.Delay(1000))
        {
            var inHand = (long)(await command.ExecuteScalarAsync())!;
            if (inHand == 0) return;
            if (clock.Elapsed > timeout)
            {
                output.WriteLine($"{inHand} referrals still wait for the police simulator's outcome after {timeout.TotalSeconds:0} s");
                return;
            }
        }
    }

    /// <summary>
    /// Takes the scans' hold (Platform.Messaging's <c>ScanHold</c>: an exclusive advisory lock, key "SCANHOLD") on every
    /// service database. Taking it waits for a scan in flight to finish; no scan starts until the returned value is disposed.
    /// </summary>
    private async Task<IAsyncDisposable> HoldScheduledScansAsync()
    {
        const long scanHoldKey = 0x5343414E484F4C44;
        var connections = new List<NpgsqlConnection>();
        foreach (var database in Databases)
        {
            var connection = new NpgsqlConnection(await platform.App.GetConnectionStringAsync(database));
            connections.Add(connection);
            await connection.OpenAsync();
            // A scan in flight is waited for, however long: the reporting jobs' first run plays the demo's live school
            // year (thousands of reports), which outlasted the default 30 s command timeout.
            var waited = Stopwatch.StartNew();
            await using var command = new NpgsqlCommand($"SELECT pg_advisory_lock({scanHoldKey})", connection) { CommandTimeout = 900 };
            await command.ExecuteNonQueryAsync();
            if (waited.Elapsed > TimeSpan.FromSeconds(5)) output.WriteLine($"{database}: waited {waited.Elapsed.TotalSeconds:0} s for a scan in flight");
        }
        return new Held(connections);
    }

    private sealed class Held(List<NpgsqlConnection> connections) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync(); // the session ends, and its lock with it
            }
        }
    }

    /// <summary>Rows inserted, updated and deleted so far in every table of every service database (outside the background tables).</summary>
    private async Task<Dictionary<string, long>> WriteCountersAsync()
    {
        var counters = new Dictionary<string, long>();
        foreach (var database in Databases)
        {
            await using var connection = new NpgsqlConnection(await platform.App.GetConnectionStringAsync(database));
            await connection.OpenAsync();
            await using (var clear = new NpgsqlCommand("SELECT pg_stat_clear_snapshot()", connection))
            {
                await clear.ExecuteNonQueryAsync();
            }
            await using var command = new NpgsqlCommand(
                "SELECT schemaname || '.' || relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_user_tables", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var table = reader.GetString(0);
                if (!BackgroundTables.Any(b => table.EndsWith("." + b, StringComparison.OrdinalIgnoreCase)))
                {
                    counters[$"{database}/{table}"] = reader.GetInt64(1);
                }
            }
        }
        return counters;
    }

    private sealed record Parameter(string Name, string In, string? Type, string? Format);

    /// <summary>One hostile request; a heavy one (megabytes, deep nesting) is sent with one signed-in caller, not all.</summary>
    private sealed record Fuzz(string Description, Func<HttpRequestMessage> Build, bool Heavy = false, bool ProtocolLevel = false, int ExpectedStatus = 400);

    private sealed record Route(string Method, string Path, IReadOnlyList<Parameter> Parameters, string? BodyType, IReadOnlyDictionary<string, string?> BodyProperties)
    {
        public static IEnumerable<Route> From(JsonNode document)
        {
            var schemas = document["components"]?["schemas"]?.AsObject();
            foreach (var (path, item) in document["paths"]!.AsObject())
            {
                foreach (var (method, operation) in item!.AsObject())
                {
                    if (operation is not JsonObject op || method is "parameters" or "summary" or "description")
                    {
                        continue;
                    }
                    var parameters = (op["parameters"]?.AsArray() ?? []).Select(p => new Parameter(
                        p!["name"]!.GetValue<string>(), p["in"]!.GetValue<string>(),
                        TypeOf(p["schema"]), p["schema"]?["format"]?.GetValue<string>())).ToList();
                    var content = op["requestBody"]?["content"]?.AsObject();
                    string? bodyType = content is null ? null : content.ContainsKey("application/json") ? "application/json" : content.First().Key;
                    var properties = new Dictionary<string, string?>();
                    if (bodyType == "application/json" && Resolve(content!["application/json"]!["schema"], schemas) is JsonObject schema
                        && schema["properties"] is JsonObject props)
                    {
                        foreach (var (name, prop) in props)
                        {
                            properties[name] = TypeOf(Resolve(prop, schemas));
                        }
                    }
                    yield return new Route(method.ToUpperInvariant(), path, parameters, bodyType, properties);
                }
            }
        }

        private static JsonNode? Resolve(JsonNode? schema, JsonObject? schemas)
        {
            for (var depth = 0; depth < 5 && schema?["$ref"] is { } reference; depth++)
            {
                schema = schemas?[reference.GetValue<string>().Split('/')[^1]];
            }
            return schema;
        }

        private static string? TypeOf(JsonNode? schema) => schema?["type"] switch
        {
            JsonValue value => value.GetValue<string>(),
            JsonArray types => types.Select(t => t?.GetValue<string>()).FirstOrDefault(t => t != "null"),
            _ => null,
        };

        private string PathWith(Func<Parameter, string> value)
        {
            var path = Path;
            foreach (var p in Parameters.Where(p => p.In == "path"))
            {
                path = path.Replace("{" + p.Name + "}", Uri.EscapeDataString(value(p)));
            }
            return path;
        }

        private static string WellFormed(Parameter p) => (p.Type, p.Format) switch
        {
            (_, "uuid") => Guid.NewGuid().ToString(),
            (_, "date") => "2026-12-02",
            (_, "date-time") => "2026-12-02T08:00:00+07:00",
            ("integer" or "number", _) => "1",
            ("boolean", _) => "true",
            _ => "x",
        };

        private HttpRequestMessage Request(string path, HttpContent? content = null) =>
            new(new HttpMethod(Method), path) { Content = content };

        private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

        public IEnumerable<Fuzz> Cases()
        {
            var path = PathWith(WellFormed);
            // Path values of the wrong shape: a route constraint refuses them, or the handler must.
            foreach (var bad in new[] { "-1", OddUnicode, new string('9', 3000) })
            {
                if (Parameters.Any(p => p.In == "path"))
                {
                    var badPath = PathWith(_ => bad);
                    yield return new Fuzz($"{Path} with path value {Describe(bad)}", () => Request(badPath, BodyType is null ? null : Json("{}")));
                }
            }
            // A NUL in the path: the HTTP server itself refuses it with a bare 400 before any application code runs
            // (it cannot carry a ProblemDetails); what matters is that it is a 400, never forwarded or a 5xx.
            if (Parameters.Any(p => p.In == "path"))
            {
                var nulPath = PathWith(_ => "a\0b");
                yield return new Fuzz($"{Path} with a NUL in the path", () => Request(nulPath), ProtocolLevel: true, Heavy: true);
            }
            // Query parameters: wrong types, negative and huge paging, odd and overlong text.
            var query = Parameters.Where(p => p.In == "query").ToList();
            if (query.Count > 0)
            {
                foreach (var (label, value) in new[]
                         {
                             ("wrong types", (Func<Parameter, string>)(p => p.Type is "string" && p.Format is null ? OddUnicode : "abc")),
                             ("negative numbers", p => "-1"),
                             ("huge numbers", p => "99999999999999999999"),
                             ("odd Unicode", p => OddUnicode),
                             // Over the gateway's 8 KB address limit in total, under its server's 64 KB request line.
                             ("overlong text", p => new string('ệ', 30_000 / 9 / query.Count)),
                             ("dd/MM/yyyy where ISO is expected", p => "31/02/2026"),
                         })
                {
                    var q = string.Join("&", query.Select(p => $"{p.Name}={Uri.EscapeDataString(value(p))}"));
                    yield return new Fuzz($"{Path}?{label}", () => Request($"{path}?{q}", BodyType is null ? null : Json("{}")));
                }
            }
            // A request line over the gateway's server limit (64 KB): refused by the server itself, bare.
            if (Method == "GET")
            {
                var huge = $"{path}?q={new string('x', 70_000)}";
                yield return new Fuzz($"{Path} with a 70 KB address", () => Request(huge), Heavy: true, ProtocolLevel: true, ExpectedStatus: 414);
            }
            // Paging parameters most list endpoints accept even when undocumented.
            if (Method == "GET")
            {
                yield return new Fuzz($"{Path}?page=-1&pageSize=-5", () => Request($"{path}?page=-1&pageSize=-5&skip=-1&take=-1&limit=-1&offset=-1"));
                yield return new Fuzz($"{Path}?pageSize=2147483648", () => Request($"{path}?page=2147483647&pageSize=2147483648"));
            }
            if (BodyType is null)
            {
                yield break;
            }
            if (BodyType is not null && BodyType != "application/json")
            {
                // Uploads: no form at all, a JSON body instead of a form, a form without the file.
                yield return new Fuzz($"{Path} upload without a body", () => Request(path));
                yield return new Fuzz($"{Path} upload as JSON", () => Request(path, Json("{\"file\":\"x\"}")));
                yield return new Fuzz($"{Path} upload with an empty form", () => Request(path, new MultipartFormDataContent { { new StringContent(OddUnicode), "note" } }));
                yield break;
            }
            yield return new Fuzz($"{Path} without a body", () => Request(path));
            yield return new Fuzz($"{Path} with malformed JSON", () => Request(path, Json("{\"name\": \"Trường")));
            yield return new Fuzz($"{Path} with JSON null", () => Request(path, Json("null")));
            yield return new Fuzz($"{Path} with an array for an object", () => Request(path, Json("[1,2,3]")));
            yield return new Fuzz($"{Path} with a string for an object", () => Request(path, Json("\"x\"")));
            yield return new Fuzz($"{Path} with text/plain", () => Request(path, new StringContent("name=x", Encoding.UTF8, "text/plain")));
            yield return new Fuzz($"{Path} with 100,000-deep nesting", () => Request(path, Json(new string('[', 100_000) + new string(']', 100_000))), Heavy: true);
            yield return new Fuzz($"{Path} with invalid UTF-8", () =>
            {
                var bytes = new ByteArrayContent([.. "{\"name\":\""u8, 0xC3, 0x28, 0xFF, 0xFE, .. "\"}"u8]);
                bytes.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                return Request(path, bytes);
            });
            yield return new Fuzz($"{Path} with an unknown field", () => Request(path, Json("{\"isAdmin\":true,\"ownerUnitId\":\"" + Guid.NewGuid() + "\"}")));
            yield return new Fuzz($"{Path} with a 2 MB string", () => Request(path, Json("{\"name\":\"" + new string('a', 2_000_000) + "\"}")), Heavy: true);
            if (BodyProperties.Count > 0)
            {
                // Every declared field at once with a value of the wrong type, then with odd and overlong text.
                var wrong = new JsonObject();
                var odd = new JsonObject();
                var overlong = new JsonObject();
                foreach (var (name, type) in BodyProperties)
                {
                    wrong[name] = type is "string" ? JsonValue.Create(12345) : type is "array" ? new JsonObject { ["x"] = 1 } : JsonValue.Create("not-a-" + (type ?? "value"));
                    odd[name] = type switch
                    {
                        "string" => JsonValue.Create(OddUnicode),
                        "integer" or "number" => JsonValue.Create(-2147483649L),
                        "array" => new JsonArray(JsonValue.Create(OddUnicode), null),
                        "boolean" => JsonValue.Create("yes"),
                        _ => new JsonObject { ["x"] = OddUnicode },
                    };
                    overlong[name] = type is "string" ? JsonValue.Create(new string('ẫ', 20_000)) : type is "array"
                        ? new JsonArray(Enumerable.Range(0, 5000).Select(i => (JsonNode?)JsonValue.Create(OddUnicode + i)).ToArray())
                        : JsonValue.Create(double.MaxValue);
                }
                var (w, o, l) = (wrong.ToJsonString(), odd.ToJsonString(), overlong.ToJsonString());
                yield return new Fuzz($"{Path} with every field of the wrong type", () => Request(path, Json(w)));
                yield return new Fuzz($"{Path} with odd Unicode and out-of-range numbers", () => Request(path, Json(o)));
                yield return new Fuzz($"{Path} with overlong fields", () => Request(path, Json(l)), Heavy: true);
            }
        }

        private static string Describe(string value) => value == OddUnicode ? "odd Unicode" : value.Length > 100 ? $"{value.Length} characters" : $"'{value}'";
    }
}
