using ContactTrace.Cases;

namespace ContactTrace.Tracing;

/// <summary>
/// The case's exposure window: from <c>lookbackDays</c> before symptom onset (before sampling, for a case without
/// onset) until the case was isolated, or reported if it never was.
/// </summary>
public static class ExposureWindow
{
    public static (DateTimeOffset Start, DateTimeOffset End) For(CaseReport report, DateTimeOffset reportedAt, TracingPolicy policy, DateTimeOffset? isolatedAt)
    {
        var anchor = report.OnsetAt ?? report.SampledAt;
        var end = isolatedAt is { } isolated && isolated < reportedAt ? isolated : reportedAt;
        var start = anchor.AddDays(-policy.LookbackDays);
        return (start, end > start ? end : start);
    }
}
