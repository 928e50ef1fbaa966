using ContactTrace.Cases;

namespace ContactTrace.Queries;

/// <summary>A case as the case list shows it: its record's fields, the cluster it is in now, and whether it was withdrawn.</summary>
public sealed record class CaseRow(
    string CaseId,
    string PersonId,
    string Classification,
    string District,
    string DiscoveryChannel,
    DateTimeOffset ReportedAt,
    DateTimeOffset SampledAt,
    DateTimeOffset? OnsetAt,
    DateTimeOffset? ConvertedAt,
    ImmutableArray<string> Sources,
    string ClusterId,
    TraceSummary Trace,
    DateTimeOffset? WithdrawnAt)
{
    public ListKey Key => new(ReportedAt, CaseId);

    public static CaseRow Of(CaseRecord record, DateTimeOffset? withdrawnAt) => new(
        record.Report.CaseId, record.Report.PersonId, record.Classification, record.District, record.DiscoveryChannel,
        record.ReportedAt, record.Report.SampledAt, record.Report.OnsetAt, record.ConvertedAt, record.Sources, record.ClusterId,
        record.Trace, withdrawnAt);
}

/// <summary>A case as it was at its <see cref="Sequence"/>-th change.</summary>
public sealed record class CaseChange(long Sequence, CaseRow Case);
