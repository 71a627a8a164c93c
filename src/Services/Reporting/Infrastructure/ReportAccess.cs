using Microsoft.EntityFrameworkCore;
using Platform.Reporting.Domain;
using Platform.ServiceDefaults;

namespace Platform.Reporting.Infrastructure;

/// <summary>
/// Who may see and do what in reporting. Reading is decided by the object's snapshot chain (the
/// hierarchy as it was when the report or incident was made): a unit sees its own, a supervising unit
/// sees what passes through it, province-wide roles see everything; everything else is "not found".
/// Acting is decided by role: 403 when the role may not.
/// <list type="bullet">
/// <item>Templates: SystemAdmin, DepartmentOfficer manage; everyone signed in reads.</item>
/// <item>Schedules and ad-hoc requests: SystemAdmin, DepartmentLeader, DepartmentOfficer (province), DistrictOfficer (own subtree).</item>
/// <item>Filling a report: SchoolManager, SchoolStaff, DistrictOfficer, DepartmentOfficer of the reporting unit itself.</item>
/// <item>Return/approve: DistrictOfficer, DepartmentOfficer, DepartmentLeader, SystemAdmin whose scope covers the report's
/// supervising unit (chain[0]) — never their own unit's report.</item>
/// <item>Reopen: a level above the supervising unit (covers chain[1]), or DepartmentLeader/SystemAdmin.</item>
/// <item>Incidents: SchoolManager and SchoolStaff report for their own unit. PoliceLiaison reads only incidents referred
/// to a police unit in its scope (its own, or one below it), and only what the referral shared: no narrative, no names;
/// nothing else here. Auditor reads everything, writes nothing.</item>
/// <item>Pupils' names: only the SchoolManager of the reporting school, and DepartmentLeader for life-safety
/// incidents (the Director's board answers for intervention under Decree 80/2017). Not SystemAdmin (operators run
/// the system, not cases), not officers, auditors or police. Every read of names is recorded.</item>
/// </list>
/// </summary>
public sealed class ReportAccess(PlatformUser user, UnitDirectory.UnitScope<ReportingDbContext> scope)
{
    public PlatformUser User => user;

    public bool IsProvinceWide => user.IsProvinceWide;

    public bool MayManageTemplates => user.IsInAnyRole(PlatformRoles.SystemAdmin, PlatformRoles.DepartmentOfficer);

    public bool MayRequestReports => user.IsInAnyRole(PlatformRoles.SystemAdmin, PlatformRoles.DepartmentLeader,
        PlatformRoles.DepartmentOfficer, PlatformRoles.DistrictOfficer);

    public bool MayReview => user.IsInAnyRole(PlatformRoles.SystemAdmin, PlatformRoles.DepartmentLeader,
        PlatformRoles.DepartmentOfficer, PlatformRoles.DistrictOfficer);

    public bool MayInspect => user.IsInAnyRole(PlatformRoles.SystemAdmin, PlatformRoles.DepartmentLeader,
        PlatformRoles.DepartmentOfficer, PlatformRoles.DistrictOfficer);

    public bool MayReportIncidents => user.IsInAnyRole(PlatformRoles.SchoolManager, PlatformRoles.SchoolStaff);

    public bool IsPolice => user.IsInRole(PlatformRoles.PoliceLiaison) && !user.IsProvinceWide;

    /// <summary>Objects owned by <paramref name="unitId"/> with the given snapshot chain.</summary>
    public bool CanRead(Guid unitId, IReadOnlyCollection<Guid> chain) =>
        user.IsProvinceWide || unitId == user.UnitId || chain.Contains(user.UnitId);

    /// <summary>
    /// Whether the caller may read <paramref name="incident"/>: by its snapshot chain, or — for police — when one of its
    /// referrals went to a police unit the caller's scope covers.
    /// </summary>
    public async Task<bool> CanReadIncidentAsync(Incident incident, IQueryable<IncidentPoliceShare> shares, CancellationToken ct)
    {
        if (!IsPolice) return CanRead(incident.ReportingUnitId, incident.Chain);
        var policeUnits = await PoliceUnitsAsync(ct);
        return await shares.AnyAsync(s => s.IncidentId == incident.Id && policeUnits.Contains(s.PoliceUnitId), ct);
    }

    /// <summary>The police units whose referrals a police liaison reads: its own unit and the units below it now.</summary>
    public async Task<List<Guid>> PoliceUnitsAsync(CancellationToken ct) =>
        (await scope.CoveredUnitIdsAsync(ct))?.ToList() ?? [user.UnitId];

    /// <summary>The school's own words (description, actions taken) stay with education; the police read what the referral shared.</summary>
    public bool MaySeeNarrative => !IsPolice;

    public bool MaySeeNames(Incident incident) =>
        (user.IsInRole(PlatformRoles.SchoolManager) && user.UnitId == incident.ReportingUnitId)
        || (user.IsInRole(PlatformRoles.DepartmentLeader) && incident.IsLifeSafety);

    public bool MayFill(Submission submission) => submission.UnitId == user.UnitId
        && user.IsInAnyRole(PlatformRoles.SchoolManager, PlatformRoles.SchoolStaff, PlatformRoles.DistrictOfficer, PlatformRoles.DepartmentOfficer);

    public async Task<bool> MayReviewAsync(Submission submission, CancellationToken ct) =>
        MayReview && submission.UnitId != user.UnitId && submission.SupervisorId is { } supervisor
        && await CoversAsync(supervisor, submission.Chain, ct);

    public async Task<bool> MayReopenAsync(Submission submission, CancellationToken ct)
    {
        if (user.IsInAnyRole(PlatformRoles.SystemAdmin, PlatformRoles.DepartmentLeader))
        {
            return true;
        }
        return MayReview && submission.Chain.Count > 1 && submission.UnitId != user.UnitId
            && await CoversAsync(submission.Chain[1], submission.Chain, ct);
    }

    /// <summary>Whether the caller's scope covers <paramref name="unitId"/>, judged by the snapshot chain when it lies on it.</summary>
    public async Task<bool> CoversAsync(Guid unitId, IReadOnlyList<Guid> chain, CancellationToken ct)
    {
        if (user.IsProvinceWide || unitId == user.UnitId)
        {
            return true;
        }
        var index = chain.ToList().IndexOf(unitId);
        if (index >= 0)
        {
            // Above the unit on the chain as it stood for the period.
            return chain.Skip(index + 1).Contains(user.UnitId);
        }
        return await scope.CoversAsync(unitId, ct);
    }

    /// <summary>Whether the caller may look at consolidation and completeness under <paramref name="unitId"/> (now).</summary>
    public Task<bool> CoversUnitAsync(Guid unitId, CancellationToken ct) => scope.CoversAsync(unitId, ct);

    /// <summary>The units the caller covers now, or null for province-wide callers.</summary>
    public Task<HashSet<Guid>?> CoveredUnitsAsync(CancellationToken ct) => scope.CoveredUnitIdsAsync(ct);

    public Actor Actor(TimeProvider clock) => new(user.Id, user.UnitId, clock.GetUtcNow());

    /// <summary>Reviews the audit trail: the data-protection officer only.</summary>
    public bool MayReviewAudit => user.IsInRole(PlatformRoles.DataProtectionOfficer);

    /// <summary>A line of the audit trail saying the caller did <paramref name="action"/> to the subject now.</summary>
    public Platform.Messaging.Audit.AuditEntry Audit(string action, string subjectType, string subjectId, string? detail, TimeProvider clock) =>
        Platform.Messaging.Audit.AuditEntry.Create(user.Id, user.UnitId, user.Roles, action, subjectType, subjectId, detail, clock.GetUtcNow());
}
