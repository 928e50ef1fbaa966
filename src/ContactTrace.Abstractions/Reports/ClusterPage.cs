namespace ContactTrace.Reports;

/// <summary>
/// One page of a transmission cluster: its totals, a page of its cases with the source links into them, and —
/// when asked — those cases' contacts (capped per page). A big cluster is never loaded whole.
/// </summary>
public sealed record class ClusterPage(
    string ClusterId,
    int CaseCount,
    int ContactCount,
    ImmutableArray<ClusterCase> Cases,
    ImmutableArray<ClusterEdge> Edges,
    ImmutableArray<ClusterContact> Contacts,
    string? NextCaseId);

public sealed record class ClusterCase(string CaseId, string PersonId, string Classification, string District, DateTimeOffset ReportedAt);

public sealed record class ClusterContact(string CaseId, string PersonId, int Tier, string Category);
