using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.SafeLine;
using Platform.Messaging;
using Platform.SafeLine.Domain;
using Platform.SafeLine.Extensions;
using Platform.SafeLine.Infrastructure;
using Platform.ServiceDefaults;
using Platform.UnitDirectory;

namespace Platform.SafeLine.Apis;

/// <summary>
/// An anonymous report. <paramref name="Website"/> is the honeypot: the public form hides it, people leave it empty,
/// form-filling robots do not. <paramref name="OccurredOn"/> is <c>yyyy-MM-dd</c>; <paramref name="OccurredHour"/> 0–23.
/// </summary>
public sealed record ReportRequest(Guid? SchoolId, string? Category, string? OccurredOn, int? OccurredHour, string? Place, string? Text,
    string? Contact, string? Website);

/// <summary>Shown once: the passphrase is not stored and cannot be shown again.</summary>
public sealed record ReportReceipt(string Code, string Passphrase, string SchoolName);

public sealed record FollowRequest(string? Code, string? Passphrase);

public sealed record FollowUpRequest(string? Code, string? Passphrase, string? Text, string? Website);

/// <summary>A message as the reporter reads it: the school's replies are signed "the school", never by name.</summary>
public sealed record ReporterMessage(bool FromReporter, string Author, string Text, DateTimeOffset At);

public sealed record ReporterCaseView(string Code, string SchoolName, string Category, string Status, bool Acknowledged, string StatusText,
    DateOnly OccurredOn, DateTimeOffset ReceivedAt, string? Outcome, IReadOnlyList<ReporterMessage> Messages);

/// <summary>The public side of the safe line: no account, no cookie, nothing that identifies the caller.</summary>
public static class ReportsApi
{
    public const int MaxSchoolResults = 20;

    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/safeline").WithTags("Safe line (public)").AllowAnonymous();
        group.MapGet("/schools", FindSchools).RequireRateLimiting(ReporterAnonymity.FollowPolicy);
        group.MapGet("/schools/{id:guid}", GetSchool).RequireRateLimiting(ReporterAnonymity.FollowPolicy);
        group.MapPost("/reports", Report).RequireRateLimiting(ReporterAnonymity.ReportPolicy);
        group.MapPost("/follow", Follow).RequireRateLimiting(ReporterAnonymity.FollowPolicy);
        group.MapPost("/follow/messages", WriteMore).RequireRateLimiting(ReporterAnonymity.FollowPolicy);
        return app;
    }

    /// <summary>Schools whose name (or whose district's name) holds every word typed, without regard to diacritics.</summary>
    public static async Task<Results<Ok<IReadOnlyList<SchoolResponse>>, ValidationProblem>> FindSchools(string? q, SafeLineDbContext db, CancellationToken ct)
    {
        var validator = new RequestValidator();
        var query = validator.Optional("q", q, 100);
        var words = ApiSupport.Fold(query).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Sum(w => w.Length) < 2) validator.Add("q", "Hãy gõ ít nhất 2 chữ của tên trường.", "Type at least 2 letters of the school's name.");
        if (!validator.IsValid) return validator.ToProblem();

        // The replica holds about as many units as a province has (≈1,300): folding them here is cheaper than a search index.
        var units = await db.Units.AsNoTracking().Where(u => u.IsActive)
            .Select(u => new { u.Id, u.Name, u.ShortName, u.Kind, u.ParentId }).ToListAsync(ct);
        var names = units.ToDictionary(u => u.Id, u => u.Name);
        var found = units.Where(u => ApiSupport.SchoolKinds.Contains(u.Kind))
            .Select(u => new { u, Area = u.ParentId is { } p ? names.GetValueOrDefault(p) : null })
            .Select(x => new { x.u, x.Area, Text = ApiSupport.Fold($"{x.u.Name} {x.u.ShortName} {x.Area}") })
            .Where(x => words.All(w => x.Text.Split(' ').Any(t => t.StartsWith(w, StringComparison.Ordinal))))
            .OrderBy(x => x.u.Name, StringComparer.Create(CultureInfo.GetCultureInfo("vi-VN"), ignoreCase: true))
            .Take(MaxSchoolResults)
            .Select(x => new SchoolResponse(x.u.Id, x.u.Name, x.Area))
            .ToList();
        return TypedResults.Ok<IReadOnlyList<SchoolResponse>>(found);
    }

    public static async Task<Results<Ok<SchoolResponse>, ProblemHttpResult>> GetSchool(Guid id, SafeLineDbContext db, CancellationToken ct)
    {
        var school = await db.Units.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id && u.IsActive && ApiSupport.SchoolKinds.Contains(u.Kind), ct);
        if (school is null) return Problems.NotFound("Không tìm thấy trường này.", "This school was not found.");
        return TypedResults.Ok((await ApiSupport.SchoolsAsync(db, [id], ct))[id]);
    }

    public static async Task<Results<Created<ReportReceipt>, ValidationProblem>> Report(ReportRequest request, [AsParameters] SafeLineServices services,
        CancellationToken ct)
    {
        var db = services.Db;
        var now = services.Clock.GetUtcNow();
        var validator = new RequestValidator();
        UnitReplica? school = null;
        if (request.SchoolId is null) validator.Add("schoolId", "Hãy chọn trường.", "Choose the school.");
        else
        {
            school = await db.Units.AsNoTracking().FirstOrDefaultAsync(u => u.Id == request.SchoolId && u.IsActive && ApiSupport.SchoolKinds.Contains(u.Kind), ct);
            if (school is null) validator.Add("schoolId", "Không tìm thấy trường đã chọn; hãy tìm lại.", "The chosen school was not found; search again.");
        }
        var category = Category(request.Category, validator);
        var occurredOn = OccurredOn(request.OccurredOn, now, validator);
        if (request.OccurredHour is < 0 or > 23) validator.Add("occurredHour", "Giờ xảy ra phải từ 0 đến 23.", "occurredHour must be between 0 and 23.");
        var place = validator.Optional("place", request.Place, SafeCase.PlaceMax);
        var text = validator.Required("text", request.Text, SafeCase.TextMax);
        if (text.Length is > 0 and < 10) validator.Add("text", "Hãy kể rõ hơn (ít nhất 10 ký tự).", "Please say more (at least 10 characters).");
        var contact = validator.Optional("contact", request.Contact, SafeCase.ContactMax);
        if (!validator.IsValid) return validator.ToProblem();

        var passphrase = CaseCredentials.NewPassphrase();
        if (!string.IsNullOrEmpty(request.Website))
        {
            // The honeypot was filled: a robot. It gets what a person would, and nothing is kept.
            services.Logger.LogInformation("Safe line report dropped by the honeypot");
            SafeLineMetrics.Rejected.Add(1, new KeyValuePair<string, object?>("reason", "honeypot"));
            return TypedResults.Created("/api/safeline/follow", new ReportReceipt(CaseCredentials.NewCode(), passphrase, school!.Name));
        }

        var policy = services.Options.CurrentValue.Policy();
        var hash = CaseCredentials.Hash(passphrase);
        SafeCase @case;
        while (true)
        {
            @case = SafeCase.Open(CaseCredentials.NewCode(), hash, school!.Id, category!.Value, occurredOn!.Value, request.OccurredHour, place, text, contact,
                now, policy.WindowAt);
            if (!await db.Cases.AnyAsync(c => c.Code == @case.Code, ct)) break;
        }
        db.Cases.Add(@case);
        if (@case.Severity == CaseSeverity.High) await RaiseAsync(db, @case, ct);
        await db.SaveChangesAsync(ct);
        SafeLineMetrics.Received.Add(1, new KeyValuePair<string, object?>("severity", @case.Severity.ToString()));
        // No case id: the log line's own timestamp would tie the case to the second it came in.
        services.Logger.LogInformation("Safe line report received for school {SchoolId}: {Category}, severity {Severity}",
            @case.SchoolId, @case.Category, @case.Severity);
        return TypedResults.Created("/api/safeline/follow", new ReportReceipt(@case.Code, passphrase, school.Name));
    }

    public static async Task<Results<Ok<ReporterCaseView>, ValidationProblem, ProblemHttpResult>> Follow(FollowRequest request,
        [AsParameters] SafeLineServices services, CancellationToken ct)
    {
        var validator = new RequestValidator();
        var opened = await OpenAsync(request.Code, request.Passphrase, services.Db, validator, ct);
        if (opened.Invalid is { } invalid) return invalid;
        if (opened.Case is not { } found) return opened.Wrong!;
        return TypedResults.Ok(await ViewAsync(found, services.Db, ct));
    }

    public static async Task<Results<Ok<ReporterCaseView>, ValidationProblem, ProblemHttpResult>> WriteMore(FollowUpRequest request,
        [AsParameters] SafeLineServices services, CancellationToken ct)
    {
        var validator = new RequestValidator();
        var text = validator.Required("text", request.Text, CaseMessage.TextMax);
        var opened = await OpenAsync(request.Code, request.Passphrase, services.Db, validator, ct);
        if (opened.Invalid is { } invalid) return invalid;
        if (opened.Case is not { } found) return opened.Wrong!;
        if (!string.IsNullOrEmpty(request.Website)) return TypedResults.Ok(await ViewAsync(found, services.Db, ct));
        bool raised;
        try
        {
            services.Db.Messages.Add(found.AddFromReporter(text, services.Clock.GetUtcNow(), services.Options.CurrentValue.Policy().WindowAt, out raised));
        }
        catch (SafeLineRuleException e)
        {
            return ApiSupport.Rule(e);
        }
        // The new words raised the case: it is alerted as if it had come in so.
        if (raised) await RaiseAsync(services.Db, found, ct);
        await services.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ViewAsync(found, services.Db, ct));
    }

    /// <summary>The alert for a high-severity case: ids, school, category and severity only, never its words.</summary>
    private static async Task RaiseAsync(SafeLineDbContext db, SafeCase c, CancellationToken ct)
    {
        var chain = await db.ReplicaAncestorsAsync(c.SchoolId, ct);
        db.AddAnonymousEvent(new SafeLineCaseRaised
        {
            CaseId = c.Id,
            SchoolId = c.SchoolId,
            SupervisingUnitId = chain.Count > 0 ? chain[0] : null,
            DepartmentUnitId = chain.Count > 0 ? chain[^1] : null,
            Category = c.Category.ToString(),
            Severity = c.Severity.ToString(),
            AcknowledgeBy = c.AcknowledgeBy!.Value,
            OccurredAt = c.LastActivityAt,
        });
    }

    private sealed record Opened(SafeCase? Case, ValidationProblem? Invalid, ProblemHttpResult? Wrong);

    /// <summary>
    /// The case behind a code and passphrase. An unknown code and a wrong passphrase get the same answer after the
    /// same work (one slow hash), so neither the answer nor its timing tells whether a code exists.
    /// </summary>
    private static async Task<Opened> OpenAsync(string? code, string? passphrase, SafeLineDbContext db,
        RequestValidator validator, CancellationToken ct)
    {
        var normalised = CaseCredentials.NormaliseCode(code);
        if (string.IsNullOrWhiteSpace(code)) validator.Add("code", "Hãy nhập mã tin báo.", "Enter the case code.");
        else if (normalised is null) validator.Add("code", "Mã tin báo có dạng AT-XXXX-XXXX.", "A case code looks like AT-XXXX-XXXX.");
        if (string.IsNullOrWhiteSpace(passphrase)) validator.Add("passphrase", "Hãy nhập cụm mật khẩu.", "Enter the passphrase.");
        else if (passphrase.Length > 100) validator.Add("passphrase", "Cụm mật khẩu dài tối đa 100 ký tự.", "The passphrase is at most 100 characters.");
        if (!validator.IsValid) return new Opened(null, validator.ToProblem(), null);

        var found = await db.Cases.Include(c => c.Messages).FirstOrDefaultAsync(c => c.Code == normalised, ct);
        var ok = found is null
            ? CaseCredentials.VerifyNothing(passphrase!)
            : CaseCredentials.Verify(passphrase!, found.PassphraseSalt, found.PassphraseHash);
        if (!ok)
        {
            return new Opened(null, null, Problems.NotFound("Mã tin báo hoặc cụm mật khẩu không đúng.", "The case code or the passphrase is wrong."));
        }
        return new Opened(found, null, null);
    }

    private static async Task<ReporterCaseView> ViewAsync(SafeCase c, SafeLineDbContext db, CancellationToken ct)
    {
        var school = (await ApiSupport.SchoolsAsync(db, [c.SchoolId], ct)).GetValueOrDefault(c.SchoolId);
        var statusText = c.Status switch
        {
            CaseStatus.Closed => "Đã đóng",
            CaseStatus.Acknowledged => "Đã được tiếp nhận",
            _ => "Đang chờ nhà trường tiếp nhận",
        };
        return new ReporterCaseView(c.Code, school?.Name ?? "", ApiSupport.Key(c.Category), c.Status.ToString(), c.IsAcknowledged, statusText,
            c.OccurredOn, c.ReceivedAt, c.Outcome,
            c.Messages.OrderBy(m => m.Sequence).ThenBy(m => m.At)
                .Select(m => new ReporterMessage(m.FromReporter, m.FromReporter ? "Bạn" : "Nhà trường", m.Text, m.At)).ToList());
    }

    private static CaseCategory? Category(string? value, RequestValidator validator)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            validator.Add("category", "Hãy chọn điều đã xảy ra.", "Choose what happened.");
            return null;
        }
        if (ApiSupport.Categories.TryGetValue(value.Trim(), out var found)) return found.Category;
        var allowed = string.Join(", ", ApiSupport.Categories.Select(kv => $"{kv.Key} ({kv.Value.Name})"));
        validator.Add("category", $"Trường 'category' không hợp lệ; chọn một trong: {allowed}.", $"Unknown category; choose one of: {allowed}.");
        return null;
    }

    private static DateOnly? OccurredOn(string? value, DateTimeOffset now, RequestValidator validator)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            validator.Add("occurredOn", "Hãy cho biết ngày xảy ra.", "Say on which day it happened.");
            return null;
        }
        if (!DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            validator.Add("occurredOn", "Ngày xảy ra không hợp lệ.", "occurredOn must be a date as yyyy-MM-dd.");
            return null;
        }
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, VietnamTime.Zone).DateTime);
        if (day > today) validator.Add("occurredOn", "Ngày xảy ra không thể ở tương lai.", "occurredOn cannot be in the future.");
        if (day < today.AddYears(-2)) validator.Add("occurredOn", "Chỉ nhận tin báo về việc xảy ra trong 2 năm gần đây.", "Only events of the last 2 years are taken.");
        return day;
    }
}
