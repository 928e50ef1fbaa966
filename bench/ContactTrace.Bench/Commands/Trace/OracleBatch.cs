namespace ContactTrace.Bench.Commands.Trace;

/// <summary>The oracle over many cases: how many finished and failed, the wall time, and whether its budget ran out.</summary>
internal sealed record class OracleBatch(int Finished, int Failed, TimeSpan Elapsed, bool OutOfTime);
