namespace Platform.Reporting.Domain;

public enum SubmissionStatus
{
    /// <summary>Expected from the unit; nothing saved yet.</summary>
    NotStarted,
    /// <summary>Being filled in (autosaved).</summary>
    Draft,
    /// <summary>Sent to the supervising level, awaiting review.</summary>
    Submitted,
    /// <summary>Sent back with a comment (or reopened by a higher level); editable again.</summary>
    Returned,
    /// <summary>Approved by the supervising level: locked, counted in consolidation.</summary>
    Approved,
}

/// <summary>A calendar reporting period (or an ad-hoc request's window), shared by every report of that period.</summary>
public sealed class Period
{
    public int Id { get; set; }
    public PeriodType Type { get; set; }
    public required string Key { get; set; }
    public DateOnly Start { get; set; }
    public DateOnly End { get; set; }
}

/// <summary>
/// The report a unit owes for one period of a template (DHIS2's "expected report"), and what it filed.
/// The supervising chain is captured when the report becomes expected — the hierarchy as it was for the
/// period — so a later move of the unit does not rewrite who reviewed and consolidated it.
/// </summary>
public sealed class Submission
{
    public Guid Id { get; set; }
    public Guid TemplateId { get; set; }
    public Guid TemplateVersionId { get; set; }
    public Guid? ScheduleId { get; set; }
    public Guid? RequestId { get; set; }
    public int PeriodId { get; set; }
    public Guid UnitId { get; set; }
    /// <summary>Supervising units for this period, nearest first (chain[0] reviews the report).</summary>
    public List<Guid> Chain { get; set; } = [];
    /// <summary>Data window (Decree 09 cut-off) for this report.</summary>
    public DateOnly DataFrom { get; set; }
    public DateOnly DataTo { get; set; }
    /// <summary>The deadline as a local date (Asia/Ho_Chi_Minh); <see cref="DeadlineAt"/> is its end as an instant.</summary>
    public DateOnly DeadlineDate { get; set; }
    public DateTimeOffset DeadlineAt { get; set; }
    public SubmissionStatus Status { get; set; }
    public DateTimeOffset? FirstSubmittedAt { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public DateTimeOffset? ApprovedAt { get; set; }
    public Guid? ApprovedByUnitId { get; set; }
    /// <summary>The first submission came after the deadline (late submissions are accepted and flagged).</summary>
    public bool IsLate { get; set; }
    public string? LastComment { get; set; }
    public DateTimeOffset? OverdueNotifiedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
    /// <summary>
    /// Optimistic concurrency: two people cannot both act on the same state. Bumped by every user action
    /// (<see cref="Touch"/>), not by the platform's own bookkeeping (overdue flag, a unit's new chain), so the
    /// background job never turns a school's autosave into a spurious "changed by someone else".
    /// </summary>
    public int Version { get; set; }
    public List<ReportValue> Values { get; set; } = [];
    public List<SubmissionEvent> History { get; set; } = [];

    public Guid? SupervisorId => Chain.Count > 0 ? Chain[0] : null;

    public bool IsEditable => Status is SubmissionStatus.NotStarted or SubmissionStatus.Draft or SubmissionStatus.Returned;

    /// <summary>Autosave: keeps what was typed, checks only types (bounds and rules are checked on submit).</summary>
    public void SaveDraft(IReadOnlyDictionary<int, StoredValue?> changes, Actor actor)
    {
        EnsureEditable();
        foreach (var (indicatorId, value) in changes)
        {
            var existing = Values.FirstOrDefault(v => v.IndicatorId == indicatorId);
            if (value is null)
            {
                if (existing is not null) Values.Remove(existing);
                continue;
            }
            if (existing is null)
            {
                Values.Add(new ReportValue { SubmissionId = Id, IndicatorId = indicatorId, NumericValue = value.Numeric, TextValue = value.Text });
            }
            else
            {
                existing.NumericValue = value.Numeric;
                existing.TextValue = value.Text;
                existing.Source = null; // typed by a person now, even if it started pre-filled
            }
        }
        Status = SubmissionStatus.Draft;
        Touch(actor, "Saved", null);
    }

    /// <summary>
    /// Sends the report up. <paramref name="prefill"/> are numbers the platform knows for indicators the unit
    /// left empty; they are stored with their source. Returns true when this is a resubmission.
    /// </summary>
    public bool Submit(TemplateVersion version, IReadOnlyDictionary<int, PrefillValue> prefill, Actor actor, out List<FieldError> errors)
    {
        EnsureEditable();
        foreach (var (indicatorId, p) in prefill)
        {
            if (Values.All(v => v.IndicatorId != indicatorId))
            {
                Values.Add(new ReportValue { SubmissionId = Id, IndicatorId = indicatorId, NumericValue = p.Value, Source = p.Source });
            }
        }
        errors = SubmissionRules.Validate(version, Values);
        if (errors.Count > 0)
        {
            return false;
        }
        var resubmission = FirstSubmittedAt is not null;
        FirstSubmittedAt ??= actor.At;
        SubmittedAt = actor.At;
        IsLate = FirstSubmittedAt > DeadlineAt;
        Status = SubmissionStatus.Submitted;
        Touch(actor, resubmission ? "Resubmitted" : "Submitted", null);
        return resubmission;
    }

    public void Return(string comment, Actor actor)
    {
        if (Status != SubmissionStatus.Submitted)
        {
            throw StateError("trả lại", "return");
        }
        Status = SubmissionStatus.Returned;
        LastComment = comment;
        Touch(actor, "Returned", comment);
    }

    public void Approve(Actor actor)
    {
        if (Status != SubmissionStatus.Submitted)
        {
            throw StateError("phê duyệt", "approve");
        }
        Status = SubmissionStatus.Approved;
        ApprovedAt = actor.At;
        ApprovedByUnitId = actor.UnitId;
        Touch(actor, "Approved", null);
    }

    /// <summary>A higher level unlocks an approved report so it can be corrected; it leaves consolidation until approved again.</summary>
    public void Reopen(string reason, Actor actor)
    {
        if (Status != SubmissionStatus.Approved)
        {
            throw new ReportStateException("Chỉ mở lại được báo cáo đã phê duyệt.", "Only an approved report can be reopened.");
        }
        Status = SubmissionStatus.Returned;
        ApprovedAt = null;
        ApprovedByUnitId = null;
        LastComment = reason;
        Touch(actor, "Reopened", reason);
    }

    private void EnsureEditable()
    {
        if (Status == SubmissionStatus.Approved)
        {
            throw new ReportStateException("Báo cáo đã được phê duyệt và khóa; cần cấp trên mở lại trước khi sửa.",
                "The report is approved and locked; a higher level must reopen it before it can change.");
        }
        if (Status == SubmissionStatus.Submitted)
        {
            throw new ReportStateException("Báo cáo đã gửi và đang chờ cấp trên xem xét.", "The report was submitted and awaits review.");
        }
    }

    private ReportStateException StateError(string vi, string en) => new(
        $"Không thể {vi} báo cáo ở trạng thái {Status}; chỉ báo cáo đã gửi (Submitted) mới được {vi}.",
        $"A report in status {Status} cannot be {(en == "return" ? "returned" : "approved")}; only a submitted report can.");

    private void Touch(Actor actor, string action, string? comment)
    {
        UpdatedAt = actor.At;
        UpdatedBy = actor.UserId;
        Version++;
        History.Add(new SubmissionEvent
        {
            Id = Guid.CreateVersion7(actor.At),
            SubmissionId = Id,
            Action = action,
            Comment = comment,
            UserId = actor.UserId,
            UnitId = actor.UnitId,
            At = actor.At,
        });
    }
}

/// <summary>One value of a report: the narrow row consolidation reads. <see cref="Source"/> says where a pre-filled number came from.</summary>
public sealed class ReportValue
{
    public Guid SubmissionId { get; set; }
    public int IndicatorId { get; set; }
    public decimal? NumericValue { get; set; }
    public string? TextValue { get; set; }
    public string? Source { get; set; }
}

public sealed class SubmissionEvent
{
    public Guid Id { get; set; }
    public Guid SubmissionId { get; set; }
    public required string Action { get; set; }
    public string? Comment { get; set; }
    public required string UserId { get; set; }
    public Guid UnitId { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>Who did something, from which unit, when.</summary>
public sealed record Actor(string UserId, Guid UnitId, DateTimeOffset At);

/// <summary>A number the platform knows, with a human-readable source.</summary>
public sealed record PrefillValue(decimal Value, string Source);

/// <summary>A problem with one field (<c>values.code</c> or <c>rules.code</c>).</summary>
public sealed record FieldError(string Field, string Vietnamese, string English);

/// <summary>What is checked when a report is submitted: required values, bounds, then the cross-indicator rules.</summary>
public static class SubmissionRules
{
    public static List<FieldError> Validate(TemplateVersion version, IEnumerable<ReportValue> values)
    {
        var byId = values.ToDictionary(v => v.IndicatorId);
        var errors = new List<FieldError>();
        foreach (var indicator in version.OrderedIndicators())
        {
            var field = $"values.{indicator.Code}";
            byId.TryGetValue(indicator.Id, out var value);
            var empty = value is null || (value.NumericValue is null && string.IsNullOrEmpty(value.TextValue));
            if (empty)
            {
                if (indicator.Required)
                {
                    errors.Add(new FieldError(field, $"Chỉ tiêu '{indicator.Label}' là bắt buộc.", $"The indicator '{indicator.Code}' is required."));
                }
                continue;
            }
            if (value!.NumericValue is { } n && indicator.Type is IndicatorType.Integer or IndicatorType.Decimal)
            {
                if (indicator.Min is { } min && n < min)
                {
                    errors.Add(new FieldError(field, $"'{indicator.Label}' phải lớn hơn hoặc bằng {min:0.####} (đang là {n:0.####}).",
                        $"'{indicator.Code}' must be at least {min:0.####} (it is {n:0.####})."));
                }
                if (indicator.Max is { } max && n > max)
                {
                    errors.Add(new FieldError(field, $"'{indicator.Label}' phải nhỏ hơn hoặc bằng {max:0.####} (đang là {n:0.####}).",
                        $"'{indicator.Code}' must be at most {max:0.####} (it is {n:0.####})."));
                }
            }
        }

        var codes = version.Indicators.Where(i => i.IsNumeric).ToDictionary(i => i.Code, i => i.Id, StringComparer.Ordinal);
        decimal Lookup(string code) => codes.TryGetValue(code, out var id) && byId.TryGetValue(id, out var v) ? v.NumericValue ?? 0 : 0;
        foreach (var rule in version.Rules.OrderBy(r => r.Ordinal))
        {
            if (RuleExpression.Parse(rule.Expression).Evaluate(Lookup) == RuleOutcome.Failed)
            {
                errors.Add(new FieldError($"rules.{rule.Code}", rule.Message, rule.MessageEnglish ?? rule.Message));
            }
        }
        return errors;
    }
}
