using ContactTrace.Bench.Hosting;

namespace ContactTrace.Bench.Commands.Dense;

/// <summary>Everything <c>bench dense</c> measured, for the report; the host's figures after may be missing when it died.</summary>
internal sealed record class DenseResults(
    int Scans,
    TraceTimeline Trace,
    ProcStatus? MemoryBefore,
    ProcStatus? MemoryAfter,
    EvidenceRows Evidence,
    ReadinessProbe Readiness,
    DenseOracle Oracle,
    string? HostLogTail,
    string LoadBefore,
    string LoadAfter,
    double MachineBusy);
