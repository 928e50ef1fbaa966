using ContactTrace.Cases;

namespace ContactTrace.Host.Model;

/// <summary>The answer of <c>GET /api/cases/{caseId}</c>; <c>withdrawal</c> is set once the case was withdrawn as a false positive.</summary>
public sealed record class CaseView(
    string CaseId,
    string PersonId,
    string Classification,
    string District,
    string DiscoveryChannel,
    DateTimeOffset ReportedAt,
    DateTimeOffset SampledAt,
    DateTimeOffset? OnsetAt,
    DateTimeOffset? ConvertedAt,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    ImmutableArray<string> Sources,
    string ClusterId,
    TraceView Trace,
    WithdrawalView? Withdrawal)
{
    public static CaseView From(CaseRecord record, string? clusterId) => new(
        record.Report.CaseId,
        record.Report.PersonId,
        record.Classification,
        record.District,
        record.DiscoveryChannel,
        record.ReportedAt,
        record.Report.SampledAt,
        record.Report.OnsetAt,
        record.ConvertedAt,
        record.WindowStart,
        record.WindowEnd,
        record.Sources,
        clusterId ?? record.ClusterId,
        TraceView.Of(record.Trace),
        record.Withdrawal is { } w ? new WithdrawalView(w.At, w.Reason) : null);
}

/// <summary>When and why a case was withdrawn.</summary>
public sealed record class WithdrawalView(DateTimeOffset At, string Reason);
