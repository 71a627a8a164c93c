namespace Platform.Messaging.Audit;

/// <summary>
/// One line of a service's audit trail: who (<see cref="ActorId"/>, their unit and roles) did what (<see cref="Action"/>)
/// to which object, when. The database gives it its <see cref="Sequence"/> and chains it to the line before
/// (<see cref="PreviousHash"/>, <see cref="Hash"/>: SHA-256 over its fields and the previous hash), and refuses to
/// update or delete it (<see cref="AuditTrail"/>). <see cref="AuditVerifier"/> recomputes the chain.
/// </summary>
public sealed class AuditEntry
{
    public const int ActorIdMax = 128;
    public const int RolesMax = 256;
    public const int ActionMax = 64;
    public const int SubjectTypeMax = 64;
    public const int SubjectIdMax = 128;
    public const int DetailMax = 2000;

    /// <summary>1, 2, 3, … without gaps; set by the database when the line is written.</summary>
    public long Sequence { get; set; }
    public Guid Id { get; set; }
    public DateTimeOffset At { get; set; }
    public required string ActorId { get; set; }
    public Guid? ActorUnitId { get; set; }
    public required string ActorRoles { get; set; }
    /// <summary>What was done, e.g. <c>incident.read</c>, <c>incident.names.read</c>, <c>export.consolidated</c>, <c>user.roles-changed</c>.</summary>
    public required string Action { get; set; }
    public required string SubjectType { get; set; }
    public required string SubjectId { get; set; }
    /// <summary>What else a reviewer needs (a filter, a row count); never a pupil's name.</summary>
    public string? Detail { get; set; }
    public byte[] PreviousHash { get; set; } = [];
    public byte[] Hash { get; set; } = [];

    public static AuditEntry Create(string actorId, Guid? actorUnitId, IEnumerable<string> roles, string action, string subjectType, string subjectId,
        string? detail, DateTimeOffset at) => new()
    {
        Id = Guid.CreateVersion7(at),
        At = at,
        ActorId = Cut(actorId, ActorIdMax),
        ActorUnitId = actorUnitId,
        ActorRoles = Cut(string.Join(",", roles.Order(StringComparer.Ordinal)), RolesMax),
        Action = Cut(action, ActionMax),
        SubjectType = Cut(subjectType, SubjectTypeMax),
        SubjectId = Cut(subjectId, SubjectIdMax),
        Detail = detail is null ? null : Cut(detail, DetailMax),
    };

    private static string Cut(string value, int max) => value.Length <= max ? value : value[..max];
}
