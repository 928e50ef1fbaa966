namespace ContactTrace.FaultTests;

/// <summary>
/// The fault tests kill processes and restart PostgreSQL clusters: they run one at a time, never beside each other.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultCollection
{
    public const string Name = "Faults";
}
