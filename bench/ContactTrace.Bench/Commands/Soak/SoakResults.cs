using ContactTrace.Bench.Hosting;

namespace ContactTrace.Bench.Commands.Soak;

/// <summary>Everything <c>bench soak</c> measured, for the report.</summary>
internal sealed record class SoakResults(
    IReadOnlyList<MinuteSample> Minutes,
    IReadOnlyDictionary<RequestKind, RequestStats> Requests,
    long Accepted,
    long Duplicates,
    TimeSpan Load,
    int SkippedTicks,
    int CasesPosted,
    int CasesAcknowledged,
    DrainResult? Drain,
    FeedComparison? Feed,
    ScanIntegrity Scans,
    ProcStatus? MemoryBefore,
    ProcStatus? MemoryAfterDrain,
    ProcStatus? MemoryIdle,
    bool HostExited,
    string LoadBefore,
    string LoadAfter,
    double MachineBusy)
{
    public bool IntegrityHolds => Scans.Holds && Drain is { NotCompleted.Count: 0 } && Feed is { Equal: true } && !HostExited;
}
