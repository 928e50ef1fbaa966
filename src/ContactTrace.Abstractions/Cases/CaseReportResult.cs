namespace ContactTrace.Cases;

[GenerateSerializer, Immutable, Alias("ContactTrace.CaseReportResult")]
public sealed record class CaseReportResult(CaseReportOutcome Outcome, CaseRecord? Case);
