using ContactTrace.Cases;

namespace ContactTrace.Grains.Cases;

/// <summary>
/// The case and its trace as a state machine: a trace generation is requested (report, reported contact, late
/// scan) and completed; while <see cref="CompletedGeneration"/> is behind, the trace is owed and resumes after a crash.
/// <see cref="TierOneGeneration"/> says tier 1 of that generation is durable; <see cref="Extensions"/> are close contacts
/// whose tier 2 alone is owed. A run that failed waits until
/// <see cref="RetryAt"/>, backing off with each of <see cref="FailedAttempts"/>, so a poisoned trace never loops.
/// </summary>
[GenerateSerializer, Alias("ContactTrace.CaseState")]
public sealed record class CaseState
{
    [Id(0)]
    public CaseRecord? Record { get; init; }

    [Id(1)]
    public ImmutableArray<ReportedContact> Reported { get; init; } = [];

    [Id(2)]
    public int RequestedGeneration { get; init; }

    [Id(3)]
    public int CompletedGeneration { get; init; }

    [Id(4)]
    public int TierOneGeneration { get; init; }

    [Id(5)]
    public int FailedAttempts { get; init; }

    [Id(6)]
    public DateTimeOffset? RetryAt { get; init; }

    [Id(7)]
    public string? LastError { get; init; }

    /// <summary>Close contacts whose tier 2 alone is to be traced again (a scan of theirs while not isolated).</summary>
    [Id(8)]
    public ImmutableArray<string> Extensions { get; init; } = [];

    public bool Owed => CompletedGeneration < RequestedGeneration || Extensions.Length > 0;

    public bool OwesWholeTrace => CompletedGeneration < RequestedGeneration;
}
