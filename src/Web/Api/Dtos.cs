using System.Text.Json;

namespace Platform.Web.Api;

// The parts of the services' responses the web client shows. Unknown members are ignored on reading, so a
// service may add fields without breaking the client.

public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total);

// Tasks
public sealed record DocumentSummary(Guid Id, string Kind, string Status, string NumberAndSymbol, DateOnly? IssueDate, string IssuerName, string Subject);

/// <summary>
/// A document's task. <c>DeadlineProvisional</c>: the deadline was counted in working days through a year whose holidays are
/// not yet announced (computed from the Labour Code); <c>DeadlineWarning</c> then says so in the caller's language.
/// </summary>
public sealed record TaskInfo(Guid Id, int Number, string Text, string Kind, DateOnly? Deadline, string? Period, string? ExpectedEvidence, DateOnly? DueDate,
    bool DeadlineProvisional = false, string? DeadlineWarning = null);

/// <summary>A document; <c>Number</c> and <c>Symbol</c> are its number and symbol apart (the tasks service writes both), shown as issued.</summary>
public sealed record DocumentDetail(Guid Id, string Kind, string Status, string NumberAndSymbol, DateOnly? IssueDate, string IssuerName,
    string? SignerName, string? SignerPosition, string Subject, string? Body, string? Place, IReadOnlyList<TaskInfo> Tasks, int AssignmentCount,
    int? Number = null, string? Symbol = null);

public sealed record AssignmentSummary(Guid Id, Guid DocumentId, string DocumentNumber, Guid TaskId, int TaskNumber, int Occurrence, string? Period,
    Guid UnitId, string? UnitName, Guid? ParentAssignmentId, DateOnly? DueDate, string Status, string? Tracking, int ProgressPercent,
    DateTimeOffset? AcknowledgedAt, DateOnly? CompletedOn, bool HasChildren, bool DeadlineProvisional = false, string? DeadlineWarning = null,
    DateOnly? ClosedOn = null, string? ClosedReason = null);

/// <summary>One year of the holiday calendar: announced, or provisional (computed, not yet announced), with its mùng 1 Tết.</summary>
public sealed record HolidayYearStatus(int Year, bool Provisional, DateOnly LunarNewYear, string Basis);

/// <summary><c>GET api/tasks/holidays/status</c>.</summary>
public sealed record HolidayCalendarStatus(IReadOnlyList<int> AnnouncedYears, IReadOnlyList<HolidayYearStatus> Years);

public sealed record ProgressEntry(Guid Id, DateTimeOffset At, string UserId, string Text, int Percent, IReadOnlyList<string> Links,
    IReadOnlyList<Guid>? EvidenceIds = null);

/// <summary>An uploaded file (evidence, a signed document copy).</summary>
public sealed record AttachmentInfo(Guid Id, string FileName, string ContentType, long Size, string Sha256, DateTimeOffset UploadedAt);

public sealed record QuestionMessage(Guid Id, DateTimeOffset At, string UserId, Guid UnitId, bool FromDepartment, string Text);

/// <summary>A question to the Department Office on an assignment, with its thread.</summary>
public sealed record QuestionThread(Guid Id, Guid AssignmentId, Guid UnitId, DateTimeOffset AskedAt, string AskedBy, string Status,
    IReadOnlyList<QuestionMessage> Messages);

public sealed record QuestionRequest(string Text);

public sealed record HistoryEntry(DateTimeOffset At, string Kind, string? UserId, Guid? UnitId, string? Note);

public sealed record AssignmentDetail(AssignmentSummary Assignment, DocumentSummary Document, TaskInfo Task, string? AcknowledgedBy,
    DateTimeOffset? StartedAt, bool CompletedByChildren, string CompletionRule, DateTimeOffset? EscalatedAt,
    IReadOnlyList<AssignmentSummary> Children, IReadOnlyList<ProgressEntry> Progress, IReadOnlyList<HistoryEntry> History,
    IReadOnlyList<AttachmentInfo>? Evidence = null);

public sealed record CompletionRow(string Key, string Label, int Total, int CompletedOnTime, int CompletedLate, int InProgressWithinDeadline,
    int Overdue, double CompletionRate, double? OnTimeRate, int Closed = 0);

public sealed record ProgressRequest(string Text, int Percent, IReadOnlyList<Guid> EvidenceIds, IReadOnlyList<string> Links);

public sealed record NewTask(int Number, string Text, string Kind, DateOnly? Deadline, string? ExpectedEvidence);

public sealed record NewAddressee(Guid? GroupId, Guid? UnitId, string? Label);

public sealed record NewDocument(string Kind, string Symbol, int? Number, DateOnly? IssueDate, string? SignerName, string? SignerPosition,
    string Subject, string? Body, string? Place, IReadOnlyList<NewTask> Tasks, IReadOnlyList<NewAddressee> Addressees);

public sealed record DraftDocument(Guid Id, string Kind, string Status, string NumberAndSymbol, string Subject, IReadOnlyList<AttachmentInfo> Attachments);

public sealed record IssueResult(DraftDocument Document, int UnitCount, int AssignmentCount, long ElapsedMilliseconds);

/// <summary>A recipient group of the units service (nơi nhận).</summary>
public sealed record RecipientGroup(Guid Id, string Code, string Name, string? Description, string Kind);

public sealed record CompleteRequest(string? Note);

public sealed record DelegateRequest(IReadOnlyList<Guid>? UnitIds, bool? AllChildren, string CompletionRule);

// Reporting
public sealed record UnitLabel(Guid Id, string Code, string Name, string Kind);

public sealed record SubmissionSummary(Guid Id, Guid UnitId, string UnitCode, string UnitName, Guid TemplateId, string PeriodKey, string Status,
    DateOnly DeadlineDate, DateTimeOffset? SubmittedAt, bool IsLate, DateTimeOffset? ApprovedAt, Guid? SupervisorId);

public sealed record ReportValue(string Code, string Section, string Label, string Type, string? UnitOfMeasure, bool Required,
    JsonElement? Value, string? Source, bool Prefilled);

public sealed record ReportHistory(string Action, string? Comment, string UserId, Guid UnitId, DateTimeOffset At);

public sealed record SubmissionDetail(SubmissionSummary Summary, int TemplateVersion, DateOnly DataFrom, DateOnly DataTo, string? LastComment,
    IReadOnlyList<ReportValue> Values, IReadOnlyList<ReportHistory> History, IReadOnlyList<string> AllowedActions);

public sealed record IndicatorInfo(int Id, string Code, string Section, string Label, string? UnitOfMeasure, string Type, bool Required,
    decimal? Min, decimal? Max, IReadOnlyList<string> Choices);

public sealed record SectionInfo(string Code, string Title, IReadOnlyList<IndicatorInfo> Indicators);

public sealed record RuleInfo(string Code, string Expression, string Message, string? MessageEnglish);

public sealed record TemplateVersionInfo(Guid Id, int Number, IReadOnlyList<SectionInfo> Sections, IReadOnlyList<RuleInfo> Rules);

public sealed record TemplateSummary(Guid Id, string Code, string Name, string? Description, int LatestVersion);

/// <summary>A completeness cell as reporting writes it; the rates are percentages (0–100), not fractions.</summary>
public sealed record CompletenessCell(int Expected, int Submitted, int OnTime, int Late, int Missing, int Pending, int Approved,
    decimal SubmittedRate, decimal OnTimeRate);

public sealed record PeriodCell(string Period, CompletenessCell Cell);

public sealed record CompletenessRow(Guid UnitId, string Code, string Name, string Kind, IReadOnlyList<PeriodCell> Cells, CompletenessCell Total);

public sealed record Completeness(UnitLabel Root, Guid TemplateId, IReadOnlyList<string> Periods, string GroupBy,
    IReadOnlyList<CompletenessRow> Rows, IReadOnlyList<PeriodCell> Totals, CompletenessCell Total, string? GroupLabel = null);

public sealed record ConsolidatedIndicator(string Code, string Section, string Label, string? UnitOfMeasure, string Aggregation, decimal? Value, int Reports);

public sealed record ConsolidatedChild(Guid UnitId, string Code, string Name, string Kind, IReadOnlyDictionary<string, decimal?> Values);

public sealed record Consolidated(UnitLabel Unit, Guid TemplateId, string Period, IReadOnlyList<ConsolidatedIndicator> Indicators,
    IReadOnlyList<ConsolidatedChild> Children, string? ChildrenLabel = null);

/// <summary>An ad-hoc report request (báo cáo đột xuất): units or recipient groups report on a template by a deadline.</summary>
public sealed record NewAdHocRequest(Guid TemplateId, string Title, string? Instructions, DateTimeOffset DeadlineAt, DateOnly? DataFrom, DateOnly? DataTo,
    IReadOnlyList<Guid> UnitIds, IReadOnlyList<Guid> GroupIds);

public sealed record AdHocRequestInfo(Guid Id, Guid TemplateId, string Title, string? Instructions, string PeriodKey, DateOnly DataFrom, DateOnly DataTo,
    DateTimeOffset DeadlineAt, IReadOnlyList<Guid> GroupIds, IReadOnlyList<Guid> UnitIds, Guid OwnerUnitId, DateTimeOffset CreatedAt);

public sealed record SaveValuesRequest(IReadOnlyDictionary<string, object?> Values);

public sealed record CommentRequest(string Comment);

// Coordination
public sealed record ReferralSummary(Guid Id, Guid IncidentId, UnitLabel ReportingUnit, string Category, string Severity, string Status,
    DateTimeOffset RequestedAt, DateTimeOffset AcknowledgeBy, bool AcknowledgementOverdue, int EscalationLevel, int SendAttempts);

public sealed record ReferralDashboard(int Total, IReadOnlyDictionary<string, int> ByStatus, int AwaitingAcknowledgement, int AcknowledgementOverdue,
    int Escalated, int EscalatedToMyUnit, IReadOnlyList<ReferralSummary> NeedsAttention);

public sealed record MeetingSummary(Guid Id, UnitLabel Organiser, string Title, string Location, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    string Status, int ParticipantCount, bool HasPolice, int DecisionCount);


public sealed record UnreadCounts(int Unread, int UrgentUnread);

public sealed record NotificationItem(Guid Id, string Kind, string KindLabel, string Title, string Body, string Link, bool IsUrgent,
    DateTimeOffset OccurredAt, DateTimeOffset? ReadAt);

// Units
public sealed record ImportSummary(bool DryRun, int Created, int Updated, int Unchanged);

/// <summary>One problem in an import file: its line, column and why.</summary>
public sealed record ImportRowError(int Line, string Column, string Reason);

/// <summary>What a restructuring plan did, or would do (<c>DryRun</c>): rows read, units created, existing units changed, events published.</summary>
public sealed record RestructuringPlanSummary(bool DryRun, int Rows, int Created, int Changed, int EventsPublished);

/// <summary>One stretch of a unit's life with one name and one parent: from <c>ValidFrom</c> until the day before <c>ValidTo</c>.</summary>
public sealed record UnitPeriod(DateOnly ValidFrom, DateOnly? ValidTo, string Name, string? ShortName, Guid? ParentId, string? ParentCode);

/// <summary>A unit before or after this one; <c>How</c> is Dissolved, Merged or Split.</summary>
public sealed record UnitLink(Guid Id, string Code, string Name, string How, DateOnly EffectiveDate);

/// <summary>A unit's timeline (<c>GET /api/units/{id}/history</c>); the change log is not read here.</summary>
public sealed record UnitHistory(UnitInfo Unit, IReadOnlyList<UnitPeriod> Periods, IReadOnlyList<UnitLink>? Predecessors, IReadOnlyList<UnitLink>? Successors);

public sealed record UnitInfo(Guid Id, string Code, string Name, string? ShortName, string Kind, Guid? ParentId, string Status, string? AreaCode,
    string? Address, string? HeadName, string? HeadTitle, string? Phone, string? Email);

// Incidents (reporting) and referrals (coordination)
public sealed record PersonRequest(string Role, bool IsPupil, string? FullName, string? ClassName, int? Age);

public sealed record CreateIncidentRequest(string Category, bool IsLifeSafety, DateTimeOffset OccurredAt, string Place, string Description,
    string? ActionsTaken, IReadOnlyList<PersonRequest> People);

public sealed record IncidentListItem(Guid Id, Guid ReportingUnitId, string UnitCode, string UnitName, string Category, bool IsLifeSafety,
    DateTimeOffset OccurredAt, string Place, int PupilsInvolved, int OthersInvolved, DateTimeOffset ReportedAt);

public sealed record PersonView(string PseudonymousId, string Role, bool IsPupil, string AgeBand, string? FullName, string? ClassName);

/// <summary>An incident; <c>Description</c> and <c>ActionsTaken</c> are null for the police, who read only what the referral shared.</summary>
public sealed record IncidentDetail(Guid Id, string UnitName, string Category, bool IsLifeSafety, DateTimeOffset OccurredAt, string Place,
    string? Description, string? ActionsTaken, int PupilsInvolved, int OthersInvolved, DateTimeOffset ReportedAt, IReadOnlyList<PersonView> People);

public sealed record CoordinationIncident(Guid Id, string Category, bool IsLifeSafety, DateTimeOffset OccurredAt, Guid? ReferralId);

public sealed record ReferralEvent(DateTimeOffset At, string Kind, string? Detail);

/// <summary>A referral as coordination returns it: no school narrative (it stays in reporting; see <see cref="IncidentDetail"/>).</summary>
public sealed record ReferralDetail(Guid Id, Guid IncidentId, UnitLabel ReportingUnit, UnitLabel? PoliceUnit, string Category, string Severity,
    string Trigger, string Status, DateTimeOffset OccurredAt, string Place, DateTimeOffset RequestedAt, DateTimeOffset? SentAt, DateTimeOffset AcknowledgeBy,
    bool AcknowledgementOverdue, int SendAttempts, DateTimeOffset? AcknowledgedAt, DateTimeOffset? DecidedAt, DateTimeOffset? OutcomeAt,
    DateTimeOffset? ClosedAt, string? HandlingUnit, string? PoliceCaseReference, string? DeclineReason, string? Outcome, string? OutcomeSummary,
    int EscalationLevel, IReadOnlyList<UnitLabel> EscalatedTo, IReadOnlyList<ReferralEvent> History);

// Coordination: meetings and programmes
public sealed record Participant(Guid Id, Guid? UnitId, string Name, string? Organisation, string Kind, bool IsPolice, bool IsLocalAuthority, bool? Attended);

public sealed record Decision(Guid Id, int Number, string Text, UnitLabel Owner, DateOnly DueDate);

public sealed record MeetingDetail(Guid Id, UnitLabel Organiser, string Title, string? Agenda, string Location, DateTimeOffset StartsAt,
    DateTimeOffset EndsAt, string Status, string? Minutes, DateOnly? HeldOn, string? CancelReason, IReadOnlyList<Participant> Participants,
    IReadOnlyList<Decision> Decisions);

public sealed record OutsideParticipant(string Name, string? Organisation, string? Email, string Kind);

public sealed record NewMeeting(Guid OrganiserUnitId, string Title, string? Agenda, string Location, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    IReadOnlyList<Guid> ParticipantUnitIds, IReadOnlyList<OutsideParticipant> OutsideParticipants);

public sealed record ProgrammeSummary(Guid Id, string Title, string? Reference, UnitLabel Owner, string? EstablishingDocumentNumber, string Status,
    DateOnly ValidFrom, DateOnly? ValidTo, DateOnly? SignedOn, int PartyCount, bool HasPoliceParty, bool HasSignedCopy);

public sealed record CoverageCounts(int Schools, int Covered, int Uncovered, int WithLocalAuthority, int WithPolice, decimal Percent);

/// <summary>One supervising unit's schools on the date (a district office in 2024, a commune's Culture–Society division today).</summary>
public sealed record DistrictCoverage(string AreaCode, string Name, CoverageCounts Counts, Guid? UnitId = null, string? Kind = null);

public sealed record Coverage(DateOnly AsOf, bool RequirePolice, CoverageCounts City, IReadOnlyList<DistrictCoverage> Districts, string? GroupLabel = null, string? GroupLabelEn = null);

public sealed record AttendanceEntry(Guid ParticipantId, bool Attended);

/// <summary>The held meeting's minutes and who of the invited attended.</summary>
public sealed record RecordMeeting(string? Minutes, IReadOnlyList<AttendanceEntry> Attendance);

/// <summary>A meeting's decision (kết luận); with its owner unit and deadline it becomes that unit's task.</summary>
public sealed record NewDecision(string? Text, Guid? OwnerUnitId, DateOnly? DueDate);

public sealed record NewDecisions(IReadOnlyList<NewDecision> Decisions);

public sealed record ProgrammeParty(Guid? UnitId, string Name, string Kind, string? AreaCode, bool IsOutsideAgency);

public sealed record ProgrammeObligation(Guid Id, string Title, string Recurrence, Guid ResponsibleUnitId, DateOnly FirstDueDate, bool CreatesTasks);

public sealed record SignedCopyInfo(string FileName, string ContentType, long Size, string Sha256, DateTimeOffset UploadedAt, string UploadedBy);

public sealed record ProgrammeDetail(Guid Id, string Title, string? Reference, UnitLabel Owner, Guid? EstablishingDocumentId, string? EstablishingDocumentNumber,
    DateOnly? EstablishingDocumentDate, IReadOnlyList<string> ScopeAreas, DateOnly ValidFrom, DateOnly? ValidTo, string Status, DateOnly? SignedOn,
    DateOnly? TerminatedOn, string? TerminationReason, IReadOnlyList<ProgrammeParty> Parties, IReadOnlyList<ProgrammeObligation> Obligations,
    SignedCopyInfo? SignedCopy);

public sealed record SignProgramme(DateOnly? SignedOn);

// Audit trails (reporting at api/reports/audit, identity at api/identity/audit: the same shapes)
public sealed record AuditEntryInfo(long Sequence, DateTimeOffset At, string ActorId, string? ActorUnitCode, string? ActorUnitName, string ActorRoles,
    string Action, string SubjectType, string SubjectId, string? Detail, string Hash);

public sealed record AuditProblemInfo(long Sequence, string Problem);

public sealed record AuditVerificationInfo(long Lines, string? LastHash, bool Intact, IReadOnlyList<AuditProblemInfo> Problems, DateTimeOffset VerifiedAt);
