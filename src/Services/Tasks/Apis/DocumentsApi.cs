using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Platform.Messaging.Idempotency;
using Platform.ServiceDefaults;
using Platform.Tasks.Domain;
using Platform.Tasks.Infrastructure;
using Platform.UnitDirectory;

namespace Platform.Tasks.Apis;

/// <summary>Directive documents: drafting, attachments, issuing (numbering and assignment) and reading.</summary>
public static partial class DocumentsApi
{
    private const string DepartmentKind = "Department";

    [GeneratedRegex(@"^[\p{L}\p{N}][\p{L}\p{N}.\-]*$")]
    private static partial Regex SymbolPattern();

    public static IEndpointRouteBuilder MapDocumentsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/tasks/documents").WithTags("Documents");
        group.MapGet("/", ListDocuments);
        group.MapGet("/{id:guid}", GetDocument);
        group.MapPost("/", CreateDocument).WithIdempotency<TasksDbContext>();
        group.MapPost("/{id:guid}/attachments", UploadAttachment).DisableAntiforgery();
        group.MapPost("/{id:guid}/issue", IssueDocument);
        return app;
    }

    public static async Task<Results<Ok<PagedResult<DocumentSummary>>, ValidationProblem>> ListDocuments(
        [AsParameters] DocumentListQuery query, [AsParameters] TasksApiServices services, CancellationToken ct)
    {
        var validator = new RequestValidator();
        var (page, pageSize) = Paging.Normalise(query.Page, query.PageSize, validator);
        var kind = validator.Enum<DocumentKind>("kind", query.Kind, required: false);
        var status = validator.Enum<DocumentStatus>("status", query.Status, required: false);
        if (query.Sort is not (null or "issueDate" or "-issueDate" or "-createdAt"))
        {
            validator.Add("sort", "Chỉ sắp xếp theo issueDate, -issueDate hoặc -createdAt.", "sort must be issueDate, -issueDate or -createdAt.");
        }
        if (!validator.IsValid)
        {
            return validator.ToProblem();
        }

        var q = services.Db.Documents.AsNoTracking().IgnoreAutoIncludes();
        if (!services.Access.User.IsProvinceWide)
        {
            var covered = await services.Access.CoveredUnitIdsAsync(ct) ?? [];
            q = q.Where(d => d.Status == DocumentStatus.Issued
                             && services.Db.Assignments.Any(a => a.DocumentId == d.Id && covered.Contains(a.UnitId)));
        }
        if (kind is { } k) q = q.Where(d => d.Kind == k);
        if (status is { } s) q = q.Where(d => d.Status == s);
        if (query.Year is { } year) q = q.Where(d => d.IssueDate >= new DateOnly(year, 1, 1) && d.IssueDate <= new DateOnly(year, 12, 31));
        if (query.IncludeCoordination != true)
        {
            q = q.Where(d => d.SourceKey == null
                             || !(d.SourceKey.StartsWith(Document.MeetingSourcePrefix) || d.SourceKey.StartsWith(Document.ProgrammeSourcePrefix)));
        }
        foreach (var word in DocumentSearch.Words($"{query.Q} {query.Search}").Distinct())
        {
            // Each word starts a word of the stored text (" word"), a number is a whole word (" 2 ").
            var pattern = DocumentSearch.IsNumber(word) ? $" {word} " : $" {word}";
            q = q.Where(d => d.SearchText.Contains(pattern));
        }
        q = query.Sort switch
        {
            "issueDate" => q.OrderBy(d => d.IssueDate).ThenBy(d => d.Number),
            "-createdAt" => q.OrderByDescending(d => d.CreatedAt),
            _ => q.OrderByDescending(d => d.IssueDate).ThenByDescending(d => d.Number),
        };
        var total = await q.LongCountAsync(ct);
        var items = await q.Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return TypedResults.Ok(new PagedResult<DocumentSummary>(items.Select(DocumentSummary.From).ToList(), page, pageSize, total));
    }

    public static async Task<Results<Ok<DocumentResponse>, ProblemHttpResult>> GetDocument(
        Guid id, [AsParameters] TasksApiServices services, CancellationToken ct)
    {
        var document = await services.Db.Documents.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct);
        if (document is null || !await services.Access.CanSeeAsync(document, ct))
        {
            return ApiResults.DocumentNotFound(id);
        }
        return TypedResults.Ok(await ToResponseAsync(services.Db, document, ct));
    }

    public static async Task<Results<Created<DocumentResponse>, ValidationProblem, ProblemHttpResult>> CreateDocument(
        CreateDocumentRequest? request, [AsParameters] TasksApiServices services, CancellationToken ct)
    {
        if (!services.Access.IsDepartmentStaff)
        {
            return ApiResults.Forbidden("Chỉ lãnh đạo và chuyên viên Sở được soạn và ban hành văn bản.",
                "Only Department leaders and officers may draft and issue documents.");
        }
        if (request is null)
        {
            return ApiResults.MissingBody();
        }

        var db = services.Db;
        var validator = new RequestValidator();
        var kind = validator.Enum<DocumentKind>("kind", request.Kind, required: true);
        var symbol = validator.Required("symbol", request.Symbol, DocumentLimits.Symbol);
        validator.Matches("symbol", symbol, SymbolPattern(), "chỉ gồm chữ, số, '.', '-', ví dụ KH-SGDĐT", "letters, digits, '.' and '-' only, e.g. KH-SGDĐT");
        var authority = validator.Enum<SigningAuthority>("signingAuthority", request.SigningAuthority, required: false) ?? SigningAuthority.None;
        var subject = validator.Required("subject", request.Subject, DocumentLimits.Subject);
        if (kind == DocumentKind.Dispatch && subject.Length > 0 && !subject.StartsWith("V/v ", StringComparison.Ordinal))
        {
            validator.Add("subject", "Trích yếu của công văn bắt đầu bằng \"V/v \".", "A dispatch's subject starts with \"V/v \".");
        }
        var body = validator.Optional("body", request.Body, DocumentLimits.Body);
        var place = validator.Optional("place", request.Place, DocumentLimits.Name);
        var signerName = validator.Optional("signerName", request.SignerName, DocumentLimits.Name);
        var signerPosition = validator.Optional("signerPosition", request.SignerPosition, DocumentLimits.Name);
        if (authority != SigningAuthority.None && signerPosition is null)
        {
            validator.Add("signerPosition", "Ký thay, thừa lệnh hoặc thay mặt cần ghi chức vụ người ký.", "KT., TL. and TM. signatures need the signer's position.");
        }
        if (request.Number is { } n && n is < 1 or > 999_999)
        {
            validator.Add("number", "Số văn bản phải từ 1 đến 999999.", "number must be between 1 and 999999.");
        }
        if (request.Number is not null && request.IssueDate is null)
        {
            validator.Add("issueDate", "Văn bản đăng ký kèm số cần có ngày ban hành.", "A document registered with its number needs its issue date.");
        }

        // Issuer: a unit of the organisation (numbered by the platform) or an outside body (registered with its own number).
        Guid? issuerUnitId = request.IssuerUnitId;
        var issuerName = validator.Optional("issuerName", request.IssuerName, DocumentLimits.Name);
        if (issuerUnitId is { } issuerId)
        {
            var issuer = await db.Units.AsNoTracking().FirstOrDefaultAsync(u => u.Id == issuerId, ct);
            if (issuer is null || !issuer.IsActive)
            {
                validator.Add("issuerUnitId", $"Đơn vị ban hành {issuerId} không tồn tại hoặc đã giải thể.", $"The issuing unit {issuerId} does not exist or has been dissolved.");
            }
            else
            {
                issuerName ??= issuer.Name;
            }
        }
        else if (issuerName is not null)
        {
            if (request.Number is null)
            {
                validator.Add("number", "Văn bản của cơ quan ngoài hệ thống cần ghi số của cơ quan đó.", "A document from an outside body needs that body's number.");
            }
        }
        else
        {
            var own = await DefaultIssuerAsync(db, services.Access.User.UnitId, ct);
            if (own is null)
            {
                validator.Add("issuerUnitId", "Chưa xác định được đơn vị ban hành; hãy ghi issuerUnitId.", "The issuing unit could not be determined; give issuerUnitId.");
            }
            else
            {
                issuerUnitId = own.Id;
                issuerName = own.Name;
            }
        }

        var tasks = ValidateTasks(validator, request.Tasks, request.IssueDate);
        var addressees = await ValidateAddresseesAsync(validator, db, request.Addressees, ct);
        if (tasks.Count > 0 && addressees.Count == 0)
        {
            validator.Add("addressees", "Văn bản có nhiệm vụ cần có nơi nhận (Kính gửi).", "A document with tasks needs addressees.");
        }
        var copies = new List<DocumentCopyRecipient>();
        foreach (var (copy, i) in (request.CopyTo ?? []).Select((c, i) => (c, i)))
        {
            var name = validator.Required($"copyTo[{i}].name", copy?.Name, DocumentLimits.Name);
            var purpose = validator.Optional($"copyTo[{i}].purpose", copy?.Purpose, DocumentLimits.Purpose);
            copies.Add(new DocumentCopyRecipient { Id = Guid.CreateVersion7(), UnitId = copy?.UnitId, Name = name, Purpose = purpose });
        }
        var legalBasis = (request.LegalBasis ?? []).Distinct().ToList();
        if (legalBasis.Count > 0)
        {
            var known = await db.Documents.IgnoreAutoIncludes().Where(d => legalBasis.Contains(d.Id) && d.Status == DocumentStatus.Issued)
                .Select(d => d.Id).ToListAsync(ct);
            foreach (var (basis, i) in legalBasis.Select((b, i) => (b, i)).Where(x => !known.Contains(x.b)))
            {
                validator.Add($"legalBasis[{i}]", $"Không có văn bản đã ban hành {basis} để làm căn cứ.", $"There is no issued document {basis} to cite.");
            }
        }
        if (request.Number is { } registered && request.IssueDate is { } date && validator.IsValid
            && await NumberTakenAsync(db, issuerUnitId, issuerName!, date.Year, registered, ct))
        {
            validator.Add("number", $"Số {registered}/{symbol} năm {date.Year} của {issuerName} đã có.",
                $"Number {registered}/{symbol} of {date.Year} by {issuerName} already exists.");
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: Text.Pick("Trùng số văn bản.", "Duplicate document number."),
                detail: validator.Errors["number"][0], extensions: new Dictionary<string, object?> { ["errors"] = validator.Errors });
        }
        if (!validator.IsValid)
        {
            return validator.ToProblem();
        }

        var actor = services.Access.Actor(services.Clock);
        var document = Document.Draft(Guid.CreateVersion7(actor.At), kind!.Value, request.Number, symbol, request.IssueDate, issuerUnitId, issuerName!,
            signerName, signerPosition, authority, subject, body, place, tasks, addressees, copies, legalBasis, actor);
        db.Documents.Add(document);
        await db.SaveChangesAsync(ct);
        services.Logger.LogInformation("Drafted document {DocumentId} ({Kind}) with {Tasks} tasks by {UserId}", document.Id, document.Kind, tasks.Count, actor.UserId);
        return TypedResults.Created($"/api/tasks/documents/{document.Id}", await ToResponseAsync(db, document, ct));
    }

    public static async Task<Results<Created<AttachmentResponse>, ValidationProblem, ProblemHttpResult>> UploadAttachment(
        Guid id, HttpRequest request, IOptions<AttachmentOptions> options, [AsParameters] TasksApiServices services, CancellationToken ct)
    {
        var document = await services.Db.Documents.AsNoTracking().IgnoreAutoIncludes().FirstOrDefaultAsync(d => d.Id == id, ct);
        if (document is null || !await services.Access.CanSeeAsync(document, ct))
        {
            return ApiResults.DocumentNotFound(id);
        }
        if (!services.Access.IsDepartmentStaff)
        {
            return ApiResults.Forbidden("Chỉ lãnh đạo và chuyên viên Sở được đính kèm tệp vào văn bản.", "Only Department leaders and officers may attach files to documents.");
        }
        if (document.IsIssued)
        {
            return ApiResults.Unprocessable($"Văn bản {document.NumberAndSymbol} đã ban hành; không thay đổi tệp đính kèm.",
                $"Document {document.NumberAndSymbol} has been issued; its attachments no longer change.");
        }
        var (attachment, data, problem) = await Uploads.ReadAsync(request, options, AttachmentOwner.Document, id, services.Access.Actor(services.Clock), ct);
        if (problem is not null)
        {
            return problem;
        }
        services.Db.Attachments.Add(attachment!);
        services.Db.AttachmentContents.Add(new AttachmentContent { AttachmentId = attachment!.Id, Data = data! });
        await services.Db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/tasks/attachments/{attachment.Id}", AttachmentResponse.From(attachment));
    }

    public static async Task<Results<Ok<IssueResponse>, ValidationProblem, ProblemHttpResult>> IssueDocument(
        Guid id, IRecipientGroupResolver groups, DocumentIssuer issuer, [AsParameters] TasksApiServices services, CancellationToken ct)
    {
        var db = services.Db;
        var document = await db.Documents.FirstOrDefaultAsync(d => d.Id == id, ct);
        if (document is null || !await services.Access.CanSeeAsync(document, ct))
        {
            return ApiResults.DocumentNotFound(id);
        }
        if (!services.Access.IsDepartmentStaff)
        {
            return ApiResults.Forbidden("Chỉ lãnh đạo và chuyên viên Sở được ban hành văn bản.", "Only Department leaders and officers may issue documents.");
        }
        if (document.IsIssued)
        {
            return Problems.Conflict($"Văn bản {document.NumberAndSymbol} đã được ban hành.", $"Document {document.NumberAndSymbol} has already been issued.");
        }

        var issueDate = document.IssueDate ?? services.Today;
        var validator = new RequestValidator();
        foreach (var (task, i) in document.Tasks.OrderBy(t => t.Number).Select((t, i) => (t, i)))
        {
            CheckScheduleAgainstIssueDate(validator, $"tasks[{i}]", task.Kind, task.Deadline, task.Period, task.RepeatUntil, task.DueDay, issueDate);
        }
        if (!validator.IsValid)
        {
            return validator.ToProblem();
        }

        // When the units service does not answer, UnitsServiceUnavailableException becomes a 503 ProblemDetails with
        // Retry-After (ServiceDefaults); nothing has been written yet.
        var resolved = await ResolveAddresseesAsync(validator, db, groups, document, issueDate, ct);
        if (!validator.IsValid)
        {
            return validator.ToProblem();
        }
        if (document.Tasks.Count > 0 && resolved.All(r => r.UnitIds.Count == 0))
        {
            return ApiResults.Unprocessable("Nơi nhận không gồm đơn vị nào vào ngày ban hành; không có ai để giao nhiệm vụ.",
                "The addressees reach no unit on the issue date: there is no one to assign the tasks to.");
        }

        IssueOutcome outcome;
        try
        {
            outcome = await issuer.IssueAsync(document, resolved, issueDate, services.Access.Actor(services.Clock), ct);
        }
        catch (DomainException ex)
        {
            return ApiResults.Unprocessable(ex);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return Problems.Conflict($"Số {document.Number}/{document.Symbol} năm {issueDate.Year} đã được dùng.",
                $"Number {document.Number}/{document.Symbol} of {issueDate.Year} is already taken.");
        }
        var fresh = await db.Documents.AsNoTracking().FirstAsync(d => d.Id == id, ct);
        return TypedResults.Ok(new IssueResponse(await ToResponseAsync(db, fresh, ct), outcome.UnitCount, outcome.AssignmentCount,
            (long)outcome.Elapsed.TotalMilliseconds));
    }

    internal static async Task<DocumentResponse> ToResponseAsync(TasksDbContext db, Document document, CancellationToken ct)
    {
        var basis = document.LegalBasisIds.Count == 0
            ? []
            : (await db.Documents.AsNoTracking().IgnoreAutoIncludes().Where(d => document.LegalBasisIds.Contains(d.Id)).ToListAsync(ct))
                .OrderBy(d => d.IssueDate).Select(DocumentSummary.From).ToList();
        var attachments = await db.Attachments.AsNoTracking()
            .Where(a => a.OwnerKind == AttachmentOwner.Document && a.OwnerId == document.Id).OrderBy(a => a.UploadedAt).ToListAsync(ct);
        var assignments = document.IsIssued ? await db.Assignments.CountAsync(a => a.DocumentId == document.Id && a.ParentAssignmentId == null, ct) : 0;
        return DocumentResponse.From(document, basis, attachments, assignments);
    }

    private static List<DocumentTask> ValidateTasks(RequestValidator validator, IReadOnlyList<TaskRequest>? requests, DateOnly? issueDate)
    {
        var tasks = new List<DocumentTask>();
        if (requests is null)
        {
            return tasks;
        }
        if (requests.Count > DocumentLimits.MaxTasks)
        {
            validator.Add("tasks", $"Tối đa {DocumentLimits.MaxTasks} nhiệm vụ.", $"At most {DocumentLimits.MaxTasks} tasks.");
            return tasks;
        }
        var numbers = new HashSet<int>();
        foreach (var (request, i) in requests.Select((r, i) => (r, i)))
        {
            var field = $"tasks[{i}]";
            var number = request?.Number ?? i + 1;
            if (number < 1 || !numbers.Add(number))
            {
                validator.Add($"{field}.number", $"Số thứ tự nhiệm vụ {number} không hợp lệ hoặc bị trùng.", $"Task number {number} is not positive or is repeated.");
            }
            var text = validator.Required($"{field}.text", request?.Text, DocumentLimits.TaskText);
            var kind = validator.Enum<TaskKind>($"{field}.kind", request?.Kind, required: true);
            var evidence = validator.Optional($"{field}.expectedEvidence", request?.ExpectedEvidence, DocumentLimits.Subject);
            RecurrencePeriod? period = null;
            switch (kind)
            {
                case TaskKind.OneOff:
                    if ((request!.Deadline is null) == (request.DeadlineWorkingDays is null))
                    {
                        validator.Add($"{field}.deadline", "Nhiệm vụ một lần cần đúng một trong hai: deadline (ngày) hoặc deadlineWorkingDays (số ngày làm việc).",
                            "A one-off task needs exactly one of deadline (a date) and deadlineWorkingDays (working days after issue).");
                    }
                    if (request.DeadlineWorkingDays is { } days && days is < 1 or > 365)
                    {
                        validator.Add($"{field}.deadlineWorkingDays", "Số ngày làm việc phải từ 1 đến 365.", "deadlineWorkingDays must be between 1 and 365.");
                    }
                    break;
                case TaskKind.Recurring:
                    period = validator.Enum<RecurrencePeriod>($"{field}.period", request!.Period, required: true);
                    if (request.RepeatUntil is null)
                    {
                        validator.Add($"{field}.repeatUntil", "Nhiệm vụ định kỳ cần ngày kết thúc (repeatUntil).", "A recurring task needs repeatUntil.");
                    }
                    if (request.DueDay is { } day && day is < 1 or > 31)
                    {
                        validator.Add($"{field}.dueDay", "Ngày đến hạn trong kỳ phải từ 1 đến 31.", "dueDay must be between 1 and 31.");
                    }
                    break;
                case TaskKind.Standing:
                    if (request!.Deadline is not null || request.DeadlineWorkingDays is not null || request.RepeatUntil is not null)
                    {
                        validator.Add($"{field}.deadline", "Nhiệm vụ thường xuyên không có hạn.", "A standing task has no deadline.");
                    }
                    break;
            }
            if (kind is { } k && issueDate is { } date)
            {
                CheckScheduleAgainstIssueDate(validator, field, k, request!.Deadline, period, request.RepeatUntil, request.DueDay, date);
            }
            if (kind is { } taskKind)
            {
                tasks.Add(new DocumentTask
                {
                    Id = Guid.CreateVersion7(),
                    Number = number,
                    Text = text,
                    Kind = taskKind,
                    Deadline = taskKind == TaskKind.OneOff ? request!.Deadline : null,
                    DeadlineWorkingDays = taskKind == TaskKind.OneOff && request!.Deadline is null ? request.DeadlineWorkingDays : null,
                    Period = period,
                    RepeatUntil = taskKind == TaskKind.Recurring ? request!.RepeatUntil : null,
                    DueDay = taskKind == TaskKind.Recurring ? request!.DueDay : null,
                    ExpectedEvidence = evidence,
                });
            }
        }
        return tasks;
    }

    private static void CheckScheduleAgainstIssueDate(RequestValidator validator, string field, TaskKind kind, DateOnly? deadline,
        RecurrencePeriod? period, DateOnly? repeatUntil, int? dueDay, DateOnly issueDate)
    {
        if (kind == TaskKind.OneOff && deadline is { } d && d < issueDate)
        {
            validator.Add($"{field}.deadline", $"Hạn {VietnamTime.Format(d)} trước ngày ban hành {VietnamTime.Format(issueDate)}.",
                $"The deadline {d:yyyy-MM-dd} is before the issue date {issueDate:yyyy-MM-dd}.");
        }
        if (kind == TaskKind.Recurring && repeatUntil is { } until && period is { } p)
        {
            if (until < issueDate)
            {
                validator.Add($"{field}.repeatUntil", $"Ngày kết thúc {VietnamTime.Format(until)} trước ngày ban hành {VietnamTime.Format(issueDate)}.",
                    $"repeatUntil {until:yyyy-MM-dd} is before the issue date {issueDate:yyyy-MM-dd}.");
            }
            else if (Recurrence.Occurrences(p, issueDate, until, dueDay).Count > Recurrence.MaxOccurrences)
            {
                validator.Add($"{field}.repeatUntil", $"Tối đa {Recurrence.MaxOccurrences} kỳ cho một nhiệm vụ định kỳ.", $"At most {Recurrence.MaxOccurrences} periods per recurring task.");
            }
            else if (Recurrence.Occurrences(p, issueDate, until, dueDay) is [var first, ..] && first.DueDate < issueDate)
            {
                validator.Add($"{field}.dueDay", $"Kỳ đầu tiên đến hạn {VietnamTime.Format(first.DueDate!.Value)}, trước ngày ban hành.",
                    $"The first period would be due {first.DueDate:yyyy-MM-dd}, before the issue date.");
            }
        }
    }

    private static async Task<List<DocumentAddressee>> ValidateAddresseesAsync(RequestValidator validator, TasksDbContext db,
        IReadOnlyList<AddresseeRequest>? requests, CancellationToken ct)
    {
        var result = new List<DocumentAddressee>();
        if (requests is null)
        {
            return result;
        }
        if (requests.Count > DocumentLimits.MaxAddressees)
        {
            validator.Add("addressees", $"Tối đa {DocumentLimits.MaxAddressees} dòng nơi nhận.", $"At most {DocumentLimits.MaxAddressees} addressee lines.");
            return result;
        }
        var unitIds = requests.Where(r => r?.UnitId is not null).Select(r => r.UnitId!.Value).ToList();
        var units = await db.Units.AsNoTracking().Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, ct);
        foreach (var (request, i) in requests.Select((r, i) => (r, i)))
        {
            var field = $"addressees[{i}]";
            if ((request?.GroupId is null) == (request?.UnitId is null))
            {
                validator.Add(field, "Mỗi dòng nơi nhận có đúng một trong hai: groupId hoặc unitId.", "Each addressee line has exactly one of groupId and unitId.");
                continue;
            }
            var label = validator.Optional($"{field}.label", request!.Label, DocumentLimits.Name);
            if (request.UnitId is { } unitId)
            {
                if (!units.TryGetValue(unitId, out var unit))
                {
                    validator.Add($"{field}.unitId", $"Không có đơn vị {unitId}.", $"There is no unit {unitId}.");
                    continue;
                }
                if (!unit.IsActive)
                {
                    validator.Add($"{field}.unitId", $"Đơn vị {unit.Name} đã giải thể; không giao việc cho đơn vị đã giải thể.",
                        $"Unit {unit.Name} has been dissolved; nothing can be assigned to it.");
                    continue;
                }
                label ??= unit.Name;
            }
            if (result.Any(r => r.GroupId == request.GroupId && r.UnitId == request.UnitId))
            {
                continue;
            }
            result.Add(new DocumentAddressee { Id = Guid.CreateVersion7(), GroupId = request.GroupId, UnitId = request.UnitId, Label = label });
        }
        return result;
    }

    /// <summary>
    /// Resolves each addressee line on the issue date. A group member the unit directory knows to be
    /// dissolved is replaced by its successor (or left out when it has none): work never goes to a unit
    /// that no longer exists.
    /// </summary>
    private static async Task<List<ResolvedAddressee>> ResolveAddresseesAsync(RequestValidator validator, TasksDbContext db,
        IRecipientGroupResolver groups, Document document, DateOnly issueDate, CancellationToken ct)
    {
        var result = new List<ResolvedAddressee>();
        foreach (var (line, i) in document.Addressees.Select((a, i) => (a, i)))
        {
            if (line.UnitId is { } unitId)
            {
                var unit = await db.Units.AsNoTracking().FirstOrDefaultAsync(u => u.Id == unitId, ct);
                if (unit is null || !unit.IsActive)
                {
                    validator.Add($"addressees[{i}].unitId", $"Đơn vị {line.Label ?? unitId.ToString()} không tồn tại hoặc đã giải thể.",
                        $"Unit {line.Label ?? unitId.ToString()} does not exist or has been dissolved.");
                    continue;
                }
                result.Add(new ResolvedAddressee(line, unit.Name, [unitId]));
                continue;
            }
            var resolution = await groups.ResolveAsync(line.GroupId!.Value, issueDate, ct);
            if (resolution is null)
            {
                validator.Add($"addressees[{i}].groupId", $"Dịch vụ đơn vị không có nhóm nơi nhận {line.GroupId}.", $"The units service has no recipient group {line.GroupId}.");
                continue;
            }
            result.Add(new ResolvedAddressee(line, line.Label ?? resolution.Name, await FollowSuccessorsAsync(db, resolution.UnitIds, ct)));
        }
        return result;
    }

    internal static async Task<List<Guid>> FollowSuccessorsAsync(TasksDbContext db, IReadOnlyList<Guid> unitIds, CancellationToken ct)
    {
        var replicas = await db.Units.AsNoTracking().Where(u => !u.IsActive).Select(u => new { u.Id, u.SuccessorId }).ToDictionaryAsync(u => u.Id, u => u.SuccessorId, ct);
        var result = new List<Guid>();
        foreach (var id in unitIds)
        {
            Guid? current = id;
            for (var hops = 0; current is { } c && replicas.TryGetValue(c, out var successor) && hops < 16; hops++)
            {
                current = successor;
            }
            if (current is { } live && !replicas.ContainsKey(live))
            {
                result.Add(live);
            }
        }
        return result.Distinct().ToList();
    }

    private static async Task<UnitReplica?> DefaultIssuerAsync(TasksDbContext db, Guid userUnitId, CancellationToken ct)
    {
        var line = new List<Guid> { userUnitId };
        line.AddRange(await db.ReplicaAncestorsAsync(userUnitId, ct));
        var units = await db.Units.AsNoTracking().Where(u => line.Contains(u.Id)).ToListAsync(ct);
        return units.FirstOrDefault(u => u.Kind == DepartmentKind) ?? units.FirstOrDefault(u => u.Id == userUnitId);
    }

    private static Task<bool> NumberTakenAsync(TasksDbContext db, Guid? issuerUnitId, string issuerName, int year, int number, CancellationToken ct)
    {
        var from = new DateOnly(year, 1, 1);
        var to = new DateOnly(year, 12, 31);
        var lowered = issuerName.ToLower();
        return db.Documents.IgnoreAutoIncludes().AnyAsync(d => d.Number == number && d.IssueDate >= from && d.IssueDate <= to
            && (issuerUnitId != null ? d.IssuerUnitId == issuerUnitId : d.IssuerUnitId == null && d.IssuerName.ToLower() == lowered), ct);
    }
}
