using ContactTrace.Cases;

namespace ContactTrace.Grains.Cases;

/// <summary>
/// The case and its trace as a state machine: a trace generation is requested (report, reported contact, late
/// scan) and completed; while <see cref="CompletedGeneration"/> is behind, the trace is owed and resumes after a crash.
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
}
