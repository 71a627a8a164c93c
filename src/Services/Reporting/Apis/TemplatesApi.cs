using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Platform.Reporting.Domain;
using Platform.Reporting.Infrastructure;

namespace Platform.Reporting.Apis;

public sealed record SectionRequest(string? Code, string? Title);

public sealed record IndicatorRequest(string? Code, string? Section, string? Label, string? UnitOfMeasure, string? Type, bool? Required,
    decimal? Min, decimal? Max, IReadOnlyList<string>? Choices, string? Aggregation, string? PrefillKey);

public sealed record RuleRequest(string? Code, string? Expression, string? Message, string? MessageEnglish);

public sealed record CreateTemplateRequest(string? Code, string? Name, string? Description, IReadOnlyList<SectionRequest>? Sections,
    IReadOnlyList<IndicatorRequest>? Indicators, IReadOnlyList<RuleRequest>? Rules, string? ChangeNote);

public sealed record TemplateVersionRequest(IReadOnlyList<SectionRequest>? Sections, IReadOnlyList<IndicatorRequest>? Indicators,
    IReadOnlyList<RuleRequest>? Rules, string? ChangeNote);

public sealed record IndicatorResponse(int Id, string Code, string Section, string Label, string? UnitOfMeasure, string Type, bool Required,
    decimal? Min, decimal? Max, IReadOnlyList<string> Choices, string Aggregation, string? PrefillKey)
{
    public static IndicatorResponse From(Indicator i) => new(i.Id, i.Code, i.SectionCode, i.Label, i.UnitOfMeasure, i.Type.ToString(), i.Required,
        i.Min, i.Max, i.Choices, i.Aggregation.ToString(), i.PrefillKey);
}

public sealed record RuleResponse(string Code, string Expression, string Message, string? MessageEnglish);

public sealed record SectionResponse(string Code, string Title, IReadOnlyList<IndicatorResponse> Indicators);

public sealed record TemplateVersionResponse(Guid Id, int Number, string? ChangeNote, DateTimeOffset CreatedAt,
    IReadOnlyList<SectionResponse> Sections, IReadOnlyList<RuleResponse> Rules)
{
    public static TemplateVersionResponse From(TemplateVersion v) => new(v.Id, v.Number, v.ChangeNote, v.CreatedAt,
        v.Sections.OrderBy(s => s.Ordinal).Select(s => new SectionResponse(s.Code, s.Title,
            v.OrderedIndicators().Where(i => i.SectionCode == s.Code).Select(IndicatorResponse.From).ToList())).ToList(),
        v.Rules.OrderBy(r => r.Ordinal).Select(r => new RuleResponse(r.Code, r.Expression, r.Message, r.MessageEnglish)).ToList());
}

public sealed record TemplateSummary(Guid Id, string Code, string Name, string? Description, int LatestVersion, DateTimeOffset CreatedAt);

public sealed record TemplateResponse(Guid Id, string Code, string Name, string? Description, int LatestVersion, TemplateVersionResponse Version);

/// <summary>Report templates (mẫu báo cáo) and their immutable versions.</summary>
public static partial class TemplatesApi
{
    [GeneratedRegex(@"^[a-z][a-z0-9_]*$")]
    internal static partial Regex IndicatorCode();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._\-]*$")]
    internal static partial Regex TemplateCode();

    public static IEndpointRouteBuilder MapTemplatesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/reports/templates").WithTags("Report templates");
        group.MapGet("/", ListTemplates);
        group.MapGet("/{id:guid}", GetTemplate);
        group.MapGet("/{id:guid}/versions/{number:int}", GetVersion);
        group.MapPost("/", CreateTemplate);
        group.MapPost("/{id:guid}/versions", AddVersion);
        return app;
    }

    public static async Task<Results<Ok<PagedResult<TemplateSummary>>, ValidationProblem>> ListTemplates(
        string? q, int? page, int? pageSize, string? sort, [AsParameters] ReportingApiServices services, CancellationToken ct)
    {
        var validator = new RequestValidator();
        var (p, size) = Paging.Normalise(page, pageSize, validator);
        if (sort is not (null or "code" or "-code" or "name" or "-name"))
        {
            validator.Add("sort", "Chỉ sắp xếp theo code, -code, name hoặc -name.", "sort must be code, -code, name or -name.");
        }
        if (!validator.IsValid) return validator.ToProblem();
        var query = services.Db.Templates.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q))
        {
            var pattern = $"%{q.Trim().Normalize()}%";
            query = query.Where(t => EF.Functions.ILike(t.Code, pattern) || EF.Functions.ILike(t.Name, pattern));
        }
        query = sort switch
        {
            "-code" => query.OrderByDescending(t => t.Code),
            "name" => query.OrderBy(t => t.Name),
            "-name" => query.OrderByDescending(t => t.Name),
            _ => query.OrderBy(t => t.Code),
        };
        var total = await query.LongCountAsync(ct);
        var items = await query.Skip((p - 1) * size).Take(size)
            .Select(t => new TemplateSummary(t.Id, t.Code, t.Name, t.Description, t.LatestVersion, t.CreatedAt)).ToListAsync(ct);
        return TypedResults.Ok(new PagedResult<TemplateSummary>(items, p, size, total));
    }

    public static async Task<Results<Ok<TemplateResponse>, ProblemHttpResult>> GetTemplate(Guid id, [AsParameters] ReportingApiServices services, CancellationToken ct)
    {
        var template = await services.Db.Templates.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);
        if (template is null) return ApiSupport.TemplateNotFound(id);
        var version = await LoadVersionAsync(services.Db, id, template.LatestVersion, ct);
        return TypedResults.Ok(new TemplateResponse(template.Id, template.Code, template.Name, template.Description, template.LatestVersion,
            TemplateVersionResponse.From(version!)));
    }

    public static async Task<Results<Ok<TemplateVersionResponse>, ProblemHttpResult>> GetVersion(Guid id, int number,
        [AsParameters] ReportingApiServices services, CancellationToken ct) =>
        await LoadVersionAsync(services.Db, id, number, ct) is { } version
            ? TypedResults.Ok(TemplateVersionResponse.From(version))
            : Problems.NotFound($"Mẫu {id} không có phiên bản {number}.", $"Template {id} has no version {number}.");

    public static async Task<Results<Created<TemplateResponse>, ValidationProblem, ProblemHttpResult>> CreateTemplate(
        CreateTemplateRequest? request, [AsParameters] ReportingApiServices services, CancellationToken ct)
    {
        if (request is null) return ApiSupport.Missing();
        var validator = new RequestValidator();
        var code = validator.Required("code", request.Code, 64);
        validator.Matches("code", code, TemplateCode(), "chỉ gồm chữ cái không dấu, chữ số, '.', '-', '_'", "only ASCII letters, digits, '.', '-' and '_'");
        var name = validator.Required("name", request.Name, 256);
        var description = validator.Optional("description", request.Description, 2000);
        var version = TemplateDefinitions.Build(validator, request.Sections, request.Indicators, request.Rules, request.ChangeNote);
        if (!validator.IsValid) return validator.ToProblem();
        if (!services.Access.MayManageTemplates)
        {
            return ApiSupport.Forbidden("Chỉ quản trị hệ thống và chuyên viên Sở được tạo mẫu báo cáo.", "Only system administrators and Department officers may create report templates.");
        }

        var actor = services.Access.Actor(services.Clock);
        var template = TemplateDefinitions.NewTemplate(Guid.CreateVersion7(actor.At), code, name, description, actor, version);
        services.Db.Templates.Add(template);
        try
        {
            await services.Db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return Problems.Conflict($"Mã mẫu '{code}' đã được dùng.", $"The template code '{code}' is already in use.");
        }
        services.Logger.LogInformation("Template {TemplateId} ({Code}) created by {UserId}", template.Id, code, actor.UserId);
        return TypedResults.Created($"/api/reports/templates/{template.Id}",
            new TemplateResponse(template.Id, template.Code, template.Name, template.Description, 1, TemplateVersionResponse.From(version)));
    }

    public static async Task<Results<Created<TemplateVersionResponse>, ValidationProblem, ProblemHttpResult>> AddVersion(
        Guid id, TemplateVersionRequest? request, [AsParameters] ReportingApiServices services, CancellationToken ct)
    {
        if (request is null) return ApiSupport.Missing();
        var validator = new RequestValidator();
        var version = TemplateDefinitions.Build(validator, request.Sections, request.Indicators, request.Rules, request.ChangeNote);
        if (!validator.IsValid) return validator.ToProblem();
        var template = await services.Db.Templates.FirstOrDefaultAsync(t => t.Id == id, ct);
        if (template is null) return ApiSupport.TemplateNotFound(id);
        if (!services.Access.MayManageTemplates)
        {
            return ApiSupport.Forbidden("Chỉ quản trị hệ thống và chuyên viên Sở được sửa mẫu báo cáo.", "Only system administrators and Department officers may change report templates.");
        }
        var actor = services.Access.Actor(services.Clock);
        template.LatestVersion++;
        version.Id = Guid.CreateVersion7(actor.At);
        version.TemplateId = template.Id;
        version.Number = template.LatestVersion;
        version.CreatedAt = actor.At;
        services.Db.TemplateVersions.Add(version);
        try
        {
            await services.Db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return Problems.Conflict("Một phiên bản khác vừa được tạo; thử lại.", "Another version was created just now; try again.");
        }
        return TypedResults.Created($"/api/reports/templates/{id}/versions/{version.Number}", TemplateVersionResponse.From(version));
    }

    internal static Task<TemplateVersion?> LoadVersionAsync(ReportingDbContext db, Guid templateId, int number, CancellationToken ct) =>
        db.TemplateVersions.AsNoTracking().AsSplitQuery()
            .Include(v => v.Sections).Include(v => v.Indicators).Include(v => v.Rules)
            .FirstOrDefaultAsync(v => v.TemplateId == templateId && v.Number == number, ct);

    internal static Task<TemplateVersion> LoadVersionAsync(ReportingDbContext db, Guid versionId, CancellationToken ct) =>
        db.TemplateVersions.AsNoTracking().AsSplitQuery()
            .Include(v => v.Sections).Include(v => v.Indicators).Include(v => v.Rules)
            .SingleAsync(v => v.Id == versionId, ct);
}

/// <summary>Checks a template definition field by field and builds the version from it.</summary>
public static class TemplateDefinitions
{
    public const int MaxIndicators = 500;

    public static ReportTemplate NewTemplate(Guid id, string code, string name, string? description, Actor actor, TemplateVersion version)
    {
        version.Id = Guid.CreateVersion7(actor.At);
        version.TemplateId = id;
        version.Number = 1;
        version.CreatedAt = actor.At;
        return new ReportTemplate
        {
            Id = id,
            Code = code,
            Name = name,
            Description = description,
            OwnerUnitId = actor.UnitId,
            LatestVersion = 1,
            CreatedAt = actor.At,
            CreatedBy = actor.UserId,
            Versions = [version],
        };
    }

    public static TemplateVersion Build(RequestValidator validator, IReadOnlyList<SectionRequest>? sections, IReadOnlyList<IndicatorRequest>? indicators,
        IReadOnlyList<RuleRequest>? rules, string? changeNote)
    {
        var version = new TemplateVersion { ChangeNote = validator.Optional("changeNote", changeNote, 1000) };
        if (sections is not { Count: > 0 })
        {
            validator.Add("sections", "Mẫu cần ít nhất một phần.", "A template needs at least one section.");
        }
        foreach (var (s, i) in (sections ?? []).Select((s, i) => (s, i)))
        {
            var code = validator.Required($"sections[{i}].code", s?.Code, 64);
            validator.Matches($"sections[{i}].code", code, TemplatesApi.IndicatorCode(), "chữ thường không dấu, chữ số và '_', bắt đầu bằng chữ", "lower-case ASCII letters, digits and '_', starting with a letter");
            var title = validator.Required($"sections[{i}].title", s?.Title, 256);
            if (version.Sections.Any(x => x.Code == code))
            {
                validator.Add($"sections[{i}].code", $"Mã phần '{code}' bị trùng.", $"The section code '{code}' is repeated.");
            }
            version.Sections.Add(new TemplateSection { Code = code, Title = title, Ordinal = i });
        }

        if (indicators is not { Count: > 0 })
        {
            validator.Add("indicators", "Mẫu cần ít nhất một chỉ tiêu.", "A template needs at least one indicator.");
        }
        else if (indicators.Count > MaxIndicators)
        {
            validator.Add("indicators", $"Mẫu có tối đa {MaxIndicators} chỉ tiêu.", $"A template has at most {MaxIndicators} indicators.");
        }
        foreach (var (r, i) in (indicators ?? []).Take(MaxIndicators).Select((r, i) => (r, i)))
        {
            var f = $"indicators[{i}]";
            var code = validator.Required($"{f}.code", r?.Code, 64);
            validator.Matches($"{f}.code", code, TemplatesApi.IndicatorCode(), "chữ thường không dấu, chữ số và '_', bắt đầu bằng chữ", "lower-case ASCII letters, digits and '_', starting with a letter");
            if (version.Indicators.Any(x => x.Code == code))
            {
                validator.Add($"{f}.code", $"Mã chỉ tiêu '{code}' bị trùng.", $"The indicator code '{code}' is repeated.");
            }
            var section = validator.Required($"{f}.section", r?.Section, 64);
            if (section.Length > 0 && version.Sections.All(s => s.Code != section))
            {
                validator.Add($"{f}.section", $"Không có phần '{section}'.", $"There is no section '{section}'.");
            }
            var label = validator.Required($"{f}.label", r?.Label, 512);
            var uom = validator.Optional($"{f}.unitOfMeasure", r?.UnitOfMeasure, 64);
            var type = validator.Enum<IndicatorType>($"{f}.type", r?.Type, required: true) ?? IndicatorType.Text;
            var numeric = type is IndicatorType.Integer or IndicatorType.Decimal or IndicatorType.YesNo;
            var aggregation = validator.Enum<Aggregation>($"{f}.aggregation", r?.Aggregation, required: false)
                ?? (numeric ? Aggregation.Sum : Aggregation.None);
            if (!numeric && aggregation != Aggregation.None)
            {
                validator.Add($"{f}.aggregation", "Chỉ tiêu ngày, lựa chọn hoặc văn bản không cộng dồn được; dùng None.",
                    "Date, choice and text indicators cannot be aggregated; use None.");
            }
            if ((r?.Min is not null || r?.Max is not null) && type is not (IndicatorType.Integer or IndicatorType.Decimal))
            {
                validator.Add($"{f}.min", "Giới hạn chỉ áp dụng cho chỉ tiêu số.", "Bounds apply only to numeric indicators.");
            }
            if (r?.Min is { } min && r.Max is { } max && min > max)
            {
                validator.Add($"{f}.max", "Giá trị lớn nhất phải ≥ giá trị nhỏ nhất.", "max must be at least min.");
            }
            var choices = new List<string>();
            if (type == IndicatorType.Choice)
            {
                if (r?.Choices is not { Count: > 0 and <= 50 })
                {
                    validator.Add($"{f}.choices", "Chỉ tiêu lựa chọn cần từ 1 đến 50 phương án.", "A choice indicator needs 1 to 50 choices.");
                }
                foreach (var (c, j) in (r?.Choices ?? []).Take(50).Select((c, j) => (c, j)))
                {
                    var choice = validator.Required($"{f}.choices[{j}]", c, 128);
                    if (choices.Contains(choice)) validator.Add($"{f}.choices[{j}]", $"Phương án '{choice}' bị trùng.", $"The choice '{choice}' is repeated.");
                    choices.Add(choice);
                }
            }
            else if (r?.Choices is { Count: > 0 })
            {
                validator.Add($"{f}.choices", "Chỉ chỉ tiêu lựa chọn (Choice) mới có phương án.", "Only choice indicators have choices.");
            }
            var prefill = validator.Optional($"{f}.prefillKey", r?.PrefillKey, 64);
            if (prefill is not null && (!PrefillKeys.All.Contains(prefill) || !numeric))
            {
                validator.Add($"{f}.prefillKey", $"Nguồn điền sẵn không hợp lệ; dùng một trong: {string.Join(", ", PrefillKeys.All)} cho chỉ tiêu số.",
                    $"Unknown pre-fill source; use one of {string.Join(", ", PrefillKeys.All)} on a numeric indicator.");
            }
            version.Indicators.Add(new Indicator
            {
                SectionCode = section, Code = code, Label = label, UnitOfMeasure = uom, Type = type, Required = r?.Required ?? false,
                Min = r?.Min, Max = r?.Max, Choices = choices, Aggregation = aggregation, PrefillKey = prefill, Ordinal = i,
            });
        }

        var numericCodes = version.Indicators.Where(x => x.IsNumeric).Select(x => x.Code).ToHashSet(StringComparer.Ordinal);
        foreach (var (r, i) in (rules ?? []).Select((r, i) => (r, i)))
        {
            var f = $"rules[{i}]";
            var code = validator.Required($"{f}.code", r?.Code, 64);
            validator.Matches($"{f}.code", code, TemplatesApi.IndicatorCode(), "chữ thường không dấu, chữ số và '_'", "lower-case ASCII letters, digits and '_'");
            if (version.Rules.Any(x => x.Code == code))
            {
                validator.Add($"{f}.code", $"Mã quy tắc '{code}' bị trùng.", $"The rule code '{code}' is repeated.");
            }
            var expression = validator.Required($"{f}.expression", r?.Expression, RuleExpression.MaxLength);
            if (expression.Length > 0)
            {
                try
                {
                    RuleExpression.Parse(expression, numericCodes);
                }
                catch (RuleSyntaxException ex)
                {
                    validator.Add($"{f}.expression", ex.Vietnamese, ex.English);
                }
            }
            var message = validator.Required($"{f}.message", r?.Message, 1000);
            var english = validator.Optional($"{f}.messageEnglish", r?.MessageEnglish, 1000);
            version.Rules.Add(new ValidationRule { Code = code, Expression = expression, Message = message, MessageEnglish = english, Ordinal = i });
        }
        return version;
    }
}
