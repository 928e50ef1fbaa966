using ContactTrace.Bench.Posting;
using ContactTrace.Bench.Report;

namespace ContactTrace.Bench.Commands.Feed;

/// <summary>The figures of one <c>bench feed</c> run, with the SQL floor and the goal of issue 5 (p99 ≤ 1 s).</summary>
internal sealed class FeedReport(FeedOptions options, FeedResults results)
{
    private const double P99GoalMilliseconds = 1000;

    public void Print(TextWriter writer)
    {
        var r = results;
        writer.WriteLine();
        writer.WriteLine(options.CommandLine);
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {Figures.Count(options.City.Persons)} persons, {Figures.Count(options.City.VenueCount)} venues, {Figures.Count(options.City.TotalScans)} scans, 1 hotel ({FeedScenario.HotelId}); " +
            $"{Environment.ProcessorCount} cores; load average before {r.LoadBefore}, after {r.LoadAfter}; machine busy during the burst {Figures.Percent(r.MachineBusy)}"));
        writer.WriteLine($"  burst: {Figures.Count(r.Cases)} cases, {options.Concurrency} POSTs in flight, all posted in {Figures.Seconds(r.Posting)}; every case seen in both after {Figures.Seconds(r.AllSeen)}{(r.TimedOut ? " (TIMED OUT)" : "")}");
        writer.WriteLine($"  latency per case: its POST /api/cases → its first item read by the reader; sql: the oracle's trace + assignment rows for the same cases, {options.OracleConcurrency} at a time, from the start of its burst (no placement, no feed: a floor)");

        var table = new FigureTable("scenario", "ContactTrace", "SQL oracle (floor)", "goal", "verdict");
        table.Add("feed poll (GET …/assignments)", Line(r.Polled, r.PolledItems), Percentiles(r.Oracle), "p99<=1 s", Verdict(r.Polled))
            .Add("feed stream (SSE …/stream)", Line(r.Streamed, r.StreamedItems), $"all {Figures.Count(r.Oracle.Count)} in {Figures.Seconds(r.OracleTotal)}", "p99<=1 s", Verdict(r.Streamed));
        table.Print(writer);
    }

    private string Line(Latencies latencies, long items) =>
        $"{Percentiles(latencies)} ({Figures.Count(latencies.Count)}/{Figures.Count(results.Cases)} cases, {Figures.Count(items)} items)";

    private static string Percentiles(Latencies l) => $"p50 {Figures.Milliseconds(l.Percentile(50))}  p99 {Figures.Milliseconds(l.Percentile(99))}";

    private string Verdict(Latencies latencies) =>
        latencies.Count == results.Cases && latencies.Percentile(99) <= P99GoalMilliseconds ? "met" : "MISSED";
}
