using ContactTrace.Bench.Posting;

namespace ContactTrace.Bench.Commands.Trace;

/// <summary>
/// A burst of cases: how many were posted and completed, the time from the first POST until the last trace was
/// seen completed, how long the POSTs alone took, and each case's own POST-to-completed latency.
/// </summary>
internal sealed record class BurstResult(int Cases, int Completed, TimeSpan Total, TimeSpan Posting, Latencies PerCase, bool TimedOut);
