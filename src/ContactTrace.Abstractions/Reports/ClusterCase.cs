namespace ContactTrace.Reports;

public sealed record class ClusterCase(string CaseId, string PersonId, string Classification, string District, DateTimeOffset ReportedAt);
