using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Contracts.Coordination;
using Platform.Coordination.Domain;
using Platform.Coordination.Infrastructure;
using Platform.Coordination.Police;
using Platform.Messaging;

namespace Platform.Coordination.Apis;

public sealed record EstablishingDocumentRequest(Guid? Id, string? Number, DateOnly? Date);

/// <summary>A party: a unit of the directory (<c>unitId</c>) or an outside agency (<c>name</c>, <c>kind</c>, optional <c>areaCode</c>).</summary>
public sealed record PartyRequest(Guid? UnitId, string? Name, string? Kind, string? AreaCode);

public sealed record ObligationRequest(string? Title, string? Recurrence, Guid? ResponsibleUnitId, DateOnly? FirstDueDate, bool? CreatesTasks);

public sealed record ProgrammeRequest(string? Title, string? Reference, Guid? OwnerUnitId, EstablishingDocumentRequest? EstablishingDocument,
    IReadOnlyList<string>? ScopeAreas, DateOnly? ValidFrom, DateOnly? ValidTo, IReadOnlyList<PartyRequest>? Parties, IReadOnlyList<ObligationRequest>? Obligations);

public sealed record SignProgrammeRequest(DateOnly? SignedOn);

public sealed record TerminateProgrammeRequest(DateOnly? TerminatedOn, string? Reason);

public sealed record PartyResponse(Guid? UnitId, string Name, string Kind, string? AreaCode, bool IsOutsideAgency);

public sealed record ObligationResponse(Guid Id, string Title, string Recurrence, Guid ResponsibleUnitId, DateOnly FirstDueDate, bool CreatesTasks);

public sealed record SignedCopyResponse(string FileName, string ContentType, long Size, string Sha256, DateTimeOffset UploadedAt, string UploadedBy);

public sealed record ProgrammeResponse(Guid Id, string Title, string? Reference, UnitLabel Owner, Guid? EstablishingDocumentId, string? EstablishingDocumentNumber,
    DateOnly? EstablishingDocumentDate, IReadOnlyList<string> ScopeAreas, DateOnly ValidFrom, DateOnly? ValidTo, string Status, DateOnly? SignedOn,
    DateOnly? TerminatedOn, string? TerminationReason, IReadOnlyList<PartyResponse> Parties, IReadOnlyList<ObligationResponse> Obligations,
    SignedCopyResponse? SignedCopy, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset UpdatedAt, string UpdatedBy)
{
    public static ProgrammeResponse From(Programme p, DateOnly today, IReadOnlyDictionary<Guid, Platform.UnitDirectory.UnitReplica> units) => new(
        p.Id, p.Title, p.Reference, UnitLabel.Of(p.OwnerUnitId, units), p.EstablishingDocumentId, p.EstablishingDocumentNumber, p.EstablishingDocumentDate,
        p.ScopeAreas, p.ValidFrom, p.ValidTo, p.StatusOn(today).ToString(), p.SignedOn, p.TerminatedOn, p.TerminationReason,
        p.Parties.Select(x => new PartyResponse(x.UnitId, x.Name, x.Kind, x.AreaCode, x.UnitId is null)).ToList(),
        p.Obligations.OrderBy(o => o.FirstDueDate).Select(o => new ObligationResponse(o.Id, o.Title, o.Recurrence.ToString(), o.ResponsibleUnitId, o.FirstDueDate, o.CreatesTasks)).ToList(),
        p.SignedCopy is { } c ? new SignedCopyResponse(c.FileName, c.ContentType, c.Size, c.Sha256, c.UploadedAt, c.UploadedBy) : null,
        p.CreatedAt, p.CreatedBy, p.UpdatedAt, p.UpdatedBy);
}

public sealed record ProgrammeSummary(Guid Id, string Title, string? Reference, UnitLabel Owner, string? EstablishingDocumentNumber, string Status,
    DateOnly ValidFrom, DateOnly? ValidTo, DateOnly? SignedOn, int PartyCount, bool HasPoliceParty, bool HasSignedCopy);

public sealed record ProgrammeListQuery(string? Status, Guid? UnitId, string? ScopeArea, DateOnly? InForceOn, string? Q, int? Page, int? PageSize, string? Sort);

/// <summary>Coordination programmes (chương trình phối hợp): drafting, signing, termination, the signed copy.</summary>
public static class ProgrammesApi
{
    public static IEndpointRouteBuilder MapProgrammesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/coordination/programmes").WithTags("Programmes");
        group.MapGet("/", ListProgrammes);
        group.MapGet("/{id:guid}", GetProgramme);
        group.MapPost("/", CreateProgramme);
        group.MapPut("/{id:guid}", UpdateProgramme);
        group.MapPost("/{id:guid}/sign", SignProgramme);
        group.MapPost("/{id:guid}/terminate", TerminateProgramme);
        group.MapPut("/{id:guid}/signed-copy", UploadSignedCopy).DisableAntiforgery();
        group.MapGet("/{id:guid}/signed-copy", DownloadSignedCopy);
        return app;
    }

    public static async Task<Results<Ok<PagedResult<ProgrammeSummary>>, ValidationProblem>> ListProgrammes(
        [AsParameters] ProgrammeListQuery query, [AsParameters] CoordinationApiServices services, CancellationToken ct)
    {
        var validator = new RequestValidator();
        var (page, pageSize) = Paging.Normalise(query.Page, query.PageSize, validator);
        var status = validator.Enum<ProgrammeStatus>("status", query.Status, required: false);
        var scopeArea = validator.Enum<ScopeArea>("scopeArea", query.ScopeArea, required: false);
        if (query.Sort is not (null or "validFrom" or "-validFrom" or "title" or "-title" or "signedOn" or "-signedOn"))
        {
            validator.Add("sort", "Chỉ sắp xếp theo validFrom, title, signedOn (thêm '-' để giảm dần).", "sort must be validFrom, title or signedOn, optionally with '-'.");
        }
        if (!validator.IsValid) return validator.ToProblem();

        var today = services.Today;
        var q = await VisibleAsync(services, ct);
        q = status switch
        {
            ProgrammeStatus.Expired => q.Where(p => p.Status == ProgrammeStatus.Signed && p.ValidTo != null && p.ValidTo < today),
            ProgrammeStatus.Signed => q.Where(p => p.Status == ProgrammeStatus.Signed && (p.ValidTo == null || p.ValidTo >= today)),
            { } s => q.Where(p => p.Status == s),
            null => q,
        };
        if (query.UnitId is { } unit) q = q.Where(p => p.OwnerUnitId == unit || p.Parties.Any(x => x.UnitId == unit));
        if (scopeArea is { } area)
        {
            var name = area.ToString();
            q = q.Where(p => p.ScopeAreas.Contains(name));
        }
        if (query.InForceOn is { } d) q = q.Where(p => p.Status == ProgrammeStatus.Signed && p.ValidFrom <= d && (p.ValidTo == null || p.ValidTo >= d));
        if (validator.Optional("q", query.Q, 200) is { } text)
        {
            var pattern = $"%{text}%";
            q = q.Where(p => EF.Functions.ILike(p.Title, pattern) || (p.Reference != null && EF.Functions.ILike(p.Reference, pattern))
                             || (p.EstablishingDocumentNumber != null && EF.Functions.ILike(p.EstablishingDocumentNumber, pattern)));
        }
        q = query.Sort switch
        {
            "title" => q.OrderBy(p => p.Title).ThenBy(p => p.Id),
            "-title" => q.OrderByDescending(p => p.Title).ThenBy(p => p.Id),
            "signedOn" => q.OrderBy(p => p.SignedOn).ThenBy(p => p.Id),
            "-signedOn" => q.OrderByDescending(p => p.SignedOn).ThenBy(p => p.Id),
            "validFrom" => q.OrderBy(p => p.ValidFrom).ThenBy(p => p.Id),
            _ => q.OrderByDescending(p => p.ValidFrom).ThenBy(p => p.Id),
        };
        var total = await q.LongCountAsync(ct);
        var items = await q.Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        var units = await services.Access.UnitsAsync(items.Select(p => p.OwnerUnitId), ct);
        return TypedResults.Ok(new PagedResult<ProgrammeSummary>(items.Select(p => new ProgrammeSummary(p.Id, p.Title, p.Reference, UnitLabel.Of(p.OwnerUnitId, units),
            p.EstablishingDocumentNumber, p.StatusOn(today).ToString(), p.ValidFrom, p.ValidTo, p.SignedOn, p.Parties.Count, p.HasPoliceParty, p.SignedCopy is not null)).ToList(),
            page, pageSize, total));
    }

    /// <summary>Programmes the caller may see, filtered in the database.</summary>
    internal static async Task<IQueryable<Programme>> VisibleAsync(CoordinationApiServices services, CancellationToken ct)
    {
        var q = services.Db.Programmes.AsNoTracking().AsSplitQuery();
        var units = await services.Access.ReadableUnitsAsync(ct);
        if (units is null) return q;
        var police = UnitKinds.Police.ToArray();
        return services.Access.IsPolice
            ? q.Where(p => p.Status != ProgrammeStatus.Draft && p.Parties.Any(x => x.UnitId != null && units.Contains(x.UnitId.Value) && police.Contains(x.Kind)))
            : q.Where(p => units.Contains(p.OwnerUnitId) || p.Parties.Any(x => x.UnitId != null && units.Contains(x.UnitId.Value)));
    }

    public static async Task<Results<Ok<ProgrammeResponse>, ProblemHttpResult>> GetProgramme(Guid id, [AsParameters] CoordinationApiServices services, CancellationToken ct)
    {
        var programme = await FindReadableAsync(services, id, ct);
        return programme is null ? NotFound(id) : TypedResults.Ok(await ResponseAsync(services, programme, ct));
    }

    public static async Task<Results<Created<ProgrammeResponse>, ValidationProblem, ProblemHttpResult>> CreateProgramme(
        ProgrammeRequest? request, [AsParameters] CoordinationApiServices services, CancellationToken ct)
    {
        if (request is null) return ApiResults.MissingBody();
        var actor = services.Actor;
        var programme = new Programme { Id = Guid.CreateVersion7(actor.At), Title = "", CreatedAt = actor.At, CreatedBy = actor.UserId, CreatedByUnitId = actor.UnitId, UpdatedAt = actor.At, UpdatedBy = actor.UserId };
        var validator = new RequestValidator();
        await ApplyAsync(validator, request, programme, services, ct);
        if (!validator.IsValid) return validator.ToProblem();
        if (!await services.Access.CanManageAsync(programme.OwnerUnitId, ct))
        {
            return ApiResults.Forbidden("Bạn không được lập chương trình phối hợp cho đơn vị này.", "You may not draft a coordination programme for this unit.");
        }
        services.Db.Programmes.Add(programme);
        await services.Db.SaveChangesAsync(ct);
        services.Logger.LogInformation("Programme {ProgrammeId} drafted for unit {UnitId} by {UserId}", programme.Id, programme.OwnerUnitId, actor.UserId);
        return TypedResults.Created($"/api/coordination/programmes/{programme.Id}", await ResponseAsync(services, programme, ct));
    }

    public static async Task<Results<Ok<ProgrammeResponse>, ValidationProblem, ProblemHttpResult>> UpdateProgramme(
        Guid id, ProgrammeRequest? request, [AsParameters] CoordinationApiServices services, CancellationToken ct)
    {
        if (request is null) return ApiResults.MissingBody();
        var programme = await FindReadableAsync(services, id, ct, track: true);
        if (programme is null) return NotFound(id);
        if (!await services.Access.CanManageAsync(programme.OwnerUnitId, ct)) return ApiResults.ReadOnly();
        try
        {
            programme.EnsureDraft();
        }
        catch (DomainException ex)
        {
            return ApiResults.Unprocessable(ex);
        }
        var validator = new RequestValidator();
        services.Db.ProgrammeParties.RemoveRange(programme.Parties);
        services.Db.ProgrammeObligations.RemoveRange(programme.Obligations);
        programme.Parties = [];
        programme.Obligations = [];
        await ApplyAsync(validator, request, programme, services, ct);
        if (!validator.IsValid) return validator.ToProblem();
        if (!await services.Access.CanManageAsync(programme.OwnerUnitId, ct))
        {
            return ApiResults.Forbidden("Bạn không được chuyển chương trình cho đơn vị này.", "You may not give the programme to this unit.");
        }
        programme.Touch(services.Actor);
        await services.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ResponseAsync(services, programme, ct));
    }

    public static async Task<Results<Ok<ProgrammeResponse>, ValidationProblem, ProblemHttpResult>> SignProgramme(
        Guid id, SignProgrammeRequest? request, [AsParameters] CoordinationApiServices services, CancellationToken ct)
    {
        var programme = await FindReadableAsync(services, id, ct, track: true);
        if (programme is null) return NotFound(id);
        if (!await services.Access.CanManageAsync(programme.OwnerUnitId, ct)) return ApiResults.ReadOnly();
        var actor = services.Actor;
        try
        {
            programme.Sign(request?.SignedOn ?? actor.Today, actor);
        }
        catch (DomainException ex)
        {
            return ApiResults.Unprocessable(ex);
        }
        services.Db.AddIntegrationEvent(new ProgrammeSigned
        {
            ProgrammeId = programme.Id,
            OwnerUnitId = programme.OwnerUnitId,
            Title = programme.Title,
            PartyUnitIds = programme.Parties.Where(p => p.UnitId != null).Select(p => p.UnitId!.Value).ToList(),
            ScopeAreas = [.. programme.ScopeAreas],
            EstablishingDocumentId = programme.EstablishingDocumentId,
            EstablishingDocumentNumber = programme.EstablishingDocumentNumber,
            SignedOn = programme.SignedOn!.Value,
            ValidFrom = programme.ValidFrom,
            ValidTo = programme.ValidTo,
            SignedByUserId = actor.UserId,
            OccurredAt = actor.At,
        });
        if (programme.HasPoliceParty)
        {
            services.Db.AddIntegrationEvent(PoliceMessages.ProgrammeSigned(programme));
        }
        await services.Db.SaveChangesAsync(ct);
        services.Logger.LogInformation("Programme {ProgrammeId} signed on {SignedOn} by {UserId}", programme.Id, programme.SignedOn, actor.UserId);
        return TypedResults.Ok(await ResponseAsync(services, programme, ct));
    }

    public static async Task<Results<Ok<ProgrammeResponse>, ValidationProblem, ProblemHttpResult>> TerminateProgramme(
        Guid id, TerminateProgrammeRequest? request, [AsParameters] CoordinationApiServices services, CancellationToken ct)
    {
        if (request is null) return ApiResults.MissingBody();
        var validator = new RequestValidator();
        var reason = validator.Required("reason", request.Reason, 1000);
        if (!validator.IsValid) return validator.ToProblem();
        var programme = await FindReadableAsync(services, id, ct, track: true);
        if (programme is null) return NotFound(id);
        if (!await services.Access.CanManageAsync(programme.OwnerUnitId, ct)) return ApiResults.ReadOnly();
        var actor = services.Actor;
        try
        {
            programme.Terminate(request.TerminatedOn ?? actor.Today, reason, actor);
        }
        catch (DomainException ex)
        {
            return ApiResults.Unprocessable(ex);
        }
        services.Db.AddIntegrationEvent(new ProgrammeTerminated
        {
            ProgrammeId = programme.Id,
            OwnerUnitId = programme.OwnerUnitId,
            TerminatedOn = programme.TerminatedOn!.Value,
            Reason = reason,
            TerminatedByUserId = actor.UserId,
            OccurredAt = actor.At,
        });
        await services.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ResponseAsync(services, programme, ct));
    }

    public static async Task<Results<Ok<SignedCopyResponse>, ValidationProblem, ProblemHttpResult>> UploadSignedCopy(
        Guid id, IFormFile? file, [AsParameters] CoordinationApiServices services, IOptions<SignedCopyOptions> limits, CancellationToken ct)
    {
        var programme = await FindReadableAsync(services, id, ct, track: true);
        if (programme is null) return NotFound(id);
        if (!await services.Access.CanManageAsync(programme.OwnerUnitId, ct)) return ApiResults.ReadOnly();
        if (file is null || file.Length == 0)
        {
            return ApiResults.Invalid("file", "Cần gửi tệp bản ký (multipart/form-data, trường 'file').", "Send the signed copy as multipart/form-data in the field 'file'.");
        }
        var max = limits.Value.MaxBytes;
        if (file.Length > max)
        {
            return ApiResults.Invalid("file", $"Tệp dài {file.Length} byte, vượt giới hạn {max} byte.", $"The file has {file.Length} bytes; the limit is {max}.");
        }
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        var data = buffer.ToArray();
        var type = SignedCopyFiles.Detect(data);
        if (type is null)
        {
            return ApiResults.Invalid("file", $"Nội dung tệp không phải {SignedCopyFiles.AllowedList}.", $"The file's content is not one of {SignedCopyFiles.AllowedList}.");
        }
        var fileName = Path.GetFileName(file.FileName ?? "").Normalize(System.Text.NormalizationForm.FormC);
        if (!type.Extensions.Contains(Path.GetExtension(fileName).ToLowerInvariant()))
        {
            fileName = $"ban-ky-{programme.Id:N}{type.Extensions[0]}";
        }
        var actor = services.Actor;
        var existing = await services.Db.SignedCopyContents.FirstOrDefaultAsync(c => c.ProgrammeId == id, ct);
        if (existing is not null) existing.Data = data;
        else services.Db.SignedCopyContents.Add(new ProgrammeSignedCopyContent { ProgrammeId = id, Data = data });
        var sha = Convert.ToHexStringLower(SHA256.HashData(data));
        if (programme.SignedCopy is { } copy)
        {
            (copy.FileName, copy.ContentType, copy.Size, copy.Sha256, copy.UploadedAt, copy.UploadedBy) = (fileName, type.ContentType, data.Length, sha, actor.At, actor.UserId);
        }
        else
        {
            programme.SignedCopy = new ProgrammeSignedCopy
            {
                ProgrammeId = id, FileName = fileName, ContentType = type.ContentType, Size = data.Length, Sha256 = sha, UploadedAt = actor.At, UploadedBy = actor.UserId,
            };
            services.Db.SignedCopies.Add(programme.SignedCopy);
        }
        programme.Touch(actor);
        await services.Db.SaveChangesAsync(ct);
        var c = programme.SignedCopy!;
        return TypedResults.Ok(new SignedCopyResponse(c.FileName, c.ContentType, c.Size, c.Sha256, c.UploadedAt, c.UploadedBy));
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DownloadSignedCopy(Guid id, [AsParameters] CoordinationApiServices services, CancellationToken ct)
    {
        var programme = await FindReadableAsync(services, id, ct);
        if (programme is null) return NotFound(id);
        if (programme.SignedCopy is null)
        {
            return Problems.NotFound("Chương trình chưa có bản ký.", "The programme has no signed copy yet.");
        }
        var content = await services.Db.SignedCopyContents.AsNoTracking().FirstAsync(c => c.ProgrammeId == id, ct);
        return TypedResults.File(content.Data, programme.SignedCopy.ContentType, programme.SignedCopy.FileName);
    }

    /// <summary>Validates the request into <paramref name="programme"/> (fields, parties against the replica, obligations).</summary>
    private static async Task ApplyAsync(RequestValidator validator, ProgrammeRequest request, Programme programme, CoordinationApiServices services, CancellationToken ct)
    {
        programme.Title = validator.Required("title", request.Title, Programme.TitleMax);
        programme.Reference = validator.Optional("reference", request.Reference, 100);
        if (request.OwnerUnitId is not { } owner)
        {
            validator.Add("ownerUnitId", "Trường 'ownerUnitId' là bắt buộc.", "The field 'ownerUnitId' is required.");
        }
        else
        {
            programme.OwnerUnitId = owner;
        }
        programme.EstablishingDocumentId = request.EstablishingDocument?.Id;
        programme.EstablishingDocumentNumber = validator.Optional("establishingDocument.number", request.EstablishingDocument?.Number, 100);
        programme.EstablishingDocumentDate = request.EstablishingDocument?.Date;

        var areas = new List<string>();
        foreach (var (area, i) in (request.ScopeAreas ?? []).Select((a, i) => (a, i)))
        {
            if (validator.Enum<ScopeArea>($"scopeAreas[{i}]", area, required: true) is { } parsed && !areas.Contains(parsed.ToString()))
            {
                areas.Add(parsed.ToString());
            }
        }
        if (areas.Count == 0 && validator.IsValid)
        {
            validator.Add("scopeAreas", "Cần ít nhất một nội dung phối hợp.", "At least one scope area is required.");
        }
        programme.ScopeAreas = areas;
        if (request.ValidFrom is not { } from)
        {
            validator.Add("validFrom", "Trường 'validFrom' là bắt buộc.", "The field 'validFrom' is required.");
        }
        else
        {
            programme.ValidFrom = from;
            if (request.ValidTo is { } to && to < from)
            {
                validator.Add("validTo", "Ngày hết hiệu lực phải sau ngày bắt đầu.", "validTo must not be before validFrom.");
            }
        }
        programme.ValidTo = request.ValidTo;

        var parties = request.Parties ?? [];
        if (parties.Count > 100) validator.Add("parties", "Tối đa 100 bên tham gia.", "At most 100 parties.");
        var unitIds = parties.Where(p => p.UnitId is not null).Select(p => p.UnitId!.Value)
            .Concat((request.Obligations ?? []).Where(o => o.ResponsibleUnitId is not null).Select(o => o.ResponsibleUnitId!.Value))
            .Append(programme.OwnerUnitId);
        var units = await services.Access.UnitsAsync(unitIds, ct);
        if (request.OwnerUnitId is { } ownerId && !units.ContainsKey(ownerId))
        {
            validator.Add("ownerUnitId", $"Đơn vị {ownerId} không có trong danh mục đơn vị.", $"Unit {ownerId} is not in the unit directory.");
        }
        foreach (var (party, i) in parties.Select((p, i) => (p, i)))
        {
            if (party.UnitId is { } unitId)
            {
                if (party.Name is not null || party.Kind is not null || party.AreaCode is not null)
                {
                    validator.Add($"parties[{i}]", "Bên là đơn vị trong danh mục chỉ cần 'unitId'.", "A party from the directory takes only 'unitId'.");
                }
                else if (!units.TryGetValue(unitId, out var unit) || !unit.IsActive)
                {
                    validator.Add($"parties[{i}].unitId", $"Đơn vị {unitId} không có trong danh mục hoặc đã giải thể.", $"Unit {unitId} is not in the directory or was dissolved.");
                }
                else if (programme.Parties.Any(p => p.UnitId == unitId))
                {
                    validator.Add($"parties[{i}].unitId", $"Đơn vị {unit.Code} được liệt kê hai lần.", $"Unit {unit.Code} is listed twice.");
                }
                else
                {
                    programme.Parties.Add(new ProgrammeParty { ProgrammeId = programme.Id, UnitId = unitId, Name = unit.Name, Kind = unit.Kind, AreaCode = unit.AreaCode });
                }
            }
            else
            {
                var name = validator.Required($"parties[{i}].name", party.Name, 256);
                var kind = validator.Required($"parties[{i}].kind", party.Kind, 64);
                if (kind.Length > 0 && !UnitKinds.OutsideAgencyKinds.Contains(kind))
                {
                    validator.Add($"parties[{i}].kind", $"Loại cơ quan phải là một trong: {string.Join(", ", UnitKinds.OutsideAgencyKinds)}.",
                        $"kind must be one of: {string.Join(", ", UnitKinds.OutsideAgencyKinds)}.");
                }
                var area = validator.Optional($"parties[{i}].areaCode", party.AreaCode, 32);
                programme.Parties.Add(new ProgrammeParty { ProgrammeId = programme.Id, Name = name, Kind = kind, AreaCode = area });
            }
        }

        var obligations = request.Obligations ?? [];
        if (obligations.Count > 50) validator.Add("obligations", "Tối đa 50 nghĩa vụ.", "At most 50 obligations.");
        foreach (var (o, i) in obligations.Select((o, i) => (o, i)))
        {
            var title = validator.Required($"obligations[{i}].title", o.Title, 500);
            var recurrence = validator.Enum<Recurrence>($"obligations[{i}].recurrence", o.Recurrence, required: true);
            if (o.ResponsibleUnitId is not { } responsible || !units.ContainsKey(responsible))
            {
                validator.Add($"obligations[{i}].responsibleUnitId", "Cần đơn vị chịu trách nhiệm có trong danh mục.", "A responsible unit from the directory is required.");
            }
            if (o.FirstDueDate is null)
            {
                validator.Add($"obligations[{i}].firstDueDate", "Trường 'firstDueDate' là bắt buộc.", "The field 'firstDueDate' is required.");
            }
            programme.Obligations.Add(new ProgrammeObligation
            {
                ProgrammeId = programme.Id,
                Title = title,
                Recurrence = recurrence ?? Recurrence.Once,
                ResponsibleUnitId = o.ResponsibleUnitId ?? Guid.Empty,
                FirstDueDate = o.FirstDueDate ?? default,
                CreatesTasks = o.CreatesTasks ?? true,
            });
        }
    }

    private static async Task<Programme?> FindReadableAsync(CoordinationApiServices services, Guid id, CancellationToken ct, bool track = false)
    {
        var q = services.Db.Programmes.AsSplitQuery();
        if (!track) q = q.AsNoTracking();
        var programme = await q.FirstOrDefaultAsync(p => p.Id == id, ct);
        return programme is not null && await services.Access.CanReadAsync(programme, ct) ? programme : null;
    }

    private static async Task<ProgrammeResponse> ResponseAsync(CoordinationApiServices services, Programme programme, CancellationToken ct) =>
        ProgrammeResponse.From(programme, services.Today, await services.Access.UnitsAsync([programme.OwnerUnitId], ct));

    private static ProblemHttpResult NotFound(Guid id) => ApiResults.NotFound("chương trình phối hợp", "coordination programme", id);
}
