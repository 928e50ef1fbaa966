namespace ContactTrace.Reports;

public sealed record class ClusterContact(string CaseId, string PersonId, int Tier, string Category);
