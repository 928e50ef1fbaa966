namespace ContactTrace.Tracing;

/// <summary>
/// What one phase of a case's trace found: the contacts to write with their evidence, the sources that evidence
/// refers to, and the findings whose management to apply now (<see cref="Managed"/>, all of them unless the phase
/// leaves some for later: tier 1 manages close contacts at once and leaves venue-exposed persons to the end, where
/// tier 2 may still find them contacts of a close contact), and the tier-2 windows of close contacts
/// (<see cref="Windows"/>). The windows a trace depends on are stored as it goes
/// (<see cref="ITraceResults.AddWatchesAsync"/>).
/// </summary>
public sealed record class TraceResult(
    string CaseId,
    ImmutableArray<ContactFinding> Findings,
    ImmutableArray<SourcePresence> Sources = default,
    ImmutableArray<ContactFinding> Managed = default,
    ImmutableArray<ContactWindow> Windows = default)
{
    public ImmutableArray<SourcePresence> Sources { get; init; } = Sources.IsDefault ? [] : Sources;

    public ImmutableArray<ContactFinding> Managed { get; init; } = Managed.IsDefault ? Findings : Managed;

    /// <summary>The windows over which close contacts' own contacts were sought, stored beside them.</summary>
    public ImmutableArray<ContactWindow> Windows { get; init; } = Windows.IsDefault ? [] : Windows;
}
