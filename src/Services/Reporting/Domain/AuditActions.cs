namespace Platform.Reporting.Domain;

/// <summary>What reporting writes on its audit trail (<c>audit_entries</c>).</summary>
public static class AuditActions
{
    /// <summary>An incident was read without names (the school's staff, supervisors, police as shared).</summary>
    public const string IncidentRead = "incident.read";
    /// <summary>An incident was read with the names and identifiers of the people involved.</summary>
    public const string IncidentNamesRead = "incident.names.read";
    /// <summary>A list of incidents was read; the line names the incidents it showed.</summary>
    public const string IncidentsListed = "incident.list";
    public const string ConsolidatedExported = "export.consolidated";
    public const string CompletenessExported = "export.completeness";
    public const string AuditExported = "export.audit";
    public const string AuditVerified = "audit.verified";

    public static readonly IReadOnlyList<string> All =
        [IncidentRead, IncidentNamesRead, IncidentsListed, ConsolidatedExported, CompletenessExported, AuditExported, AuditVerified];
}
