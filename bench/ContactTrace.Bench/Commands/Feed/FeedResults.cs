using ContactTrace.Bench.Posting;

namespace ContactTrace.Bench.Commands.Feed;

/// <summary>
/// What <c>bench feed</c> measured: per case, from its POST to its first item seen by the polling reader and by
/// the stream reader; and the SQL oracle's time to the same cases' assignment rows under the same burst.
/// </summary>
internal sealed record class FeedResults(
    int Cases,
    Latencies Polled,
    Latencies Streamed,
    long PolledItems,
    long StreamedItems,
    TimeSpan AllSeen,
    TimeSpan Posting,
    bool TimedOut,
    Latencies Oracle,
    TimeSpan OracleTotal,
    double MachineBusy,
    string LoadBefore,
    string LoadAfter);
