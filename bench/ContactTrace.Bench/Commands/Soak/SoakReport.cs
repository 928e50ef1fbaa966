using ContactTrace.Bench.Hosting;
using ContactTrace.Bench.Report;

namespace ContactTrace.Bench.Commands.Soak;

/// <summary>The figures of one <c>bench soak</c> run: a row per minute, each request kind overall, the integrity checks and the goals of issue 18.</summary>
internal sealed class SoakReport(SoakOptions options, SoakResults results)
{
    private const double IngestGoal = 5000;
    private const double CasePostP99Goal = 1000;
    private const double CaseGetP99Goal = 200;
    private const double MemoryBand = 0.10;
    private const double DrainGoalSeconds = 60;

    public void Print(TextWriter writer)
    {
        var r = results;
        writer.WriteLine();
        writer.WriteLine(options.CommandLine);
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {Figures.Count(options.City.Persons)} persons, {Figures.Count(options.City.VenueCount)} venues, {options.City.Days} day(s) (2–{SoakOptions.MaxVisitsPerDay} visits a person a day; {options.HistoryDays} loaded, {options.LiveDays} sent live); " +
            $"{Environment.ProcessorCount} cores; load average before {r.LoadBefore}, after {r.LoadAfter}; machine busy during the load {Figures.Percent(r.MachineBusy)}"));
        writer.WriteLine($"  load {Figures.Seconds(r.Load)}: {Figures.Count(r.Accepted)} scans accepted ({Figures.Count(r.Duplicates)} duplicates of retried batches), " +
            $"{Figures.Count(r.CasesPosted)} cases posted ({Figures.Count(r.CasesAcknowledged)} acknowledged), {r.SkippedTicks} reporter/reader ticks skipped (32 in flight)");

        writer.WriteLine("  per minute (the trace gauges are /metrics' contacttrace_trace_queue / contacttrace_trace_running; open traces from the cases table):");
        var minutes = new FigureTable(MinuteSample.Headers);
        foreach (var sample in r.Minutes)
        {
            minutes.Add(sample.Cells());
        }

        minutes.Print(writer);
        writer.WriteLine("  requests over the whole load:");
        var requests = new FigureTable("kind", "count", "p50", "p99", "max", "non-2xx");
        foreach (var (kind, stats) in r.Requests)
        {
            requests.Add(RequestKinds.Label(kind), Figures.Count(stats.Count), Ms(stats, 50), Ms(stats, 99), Ms(stats, 100),
                stats.Failures.Count == 0 ? "none" : string.Join(", ", stats.Failures.Select(f => $"{f.Key}×{f.Value}")));
        }

        requests.Print(writer);
        PrintIntegrity(writer);
        PrintGoals(writer);
    }

    private void PrintIntegrity(TextWriter writer)
    {
        var (s, d, f) = (results.Scans, results.Drain, results.Feed);
        writer.WriteLine("  integrity:");
        writer.WriteLine($"    scans: {Verdict(s.Holds, "ok", "FAILED")} — {Figures.Count(s.AcknowledgedBatches)} batches acknowledged ({Figures.Count(s.AcknowledgedScans)} scans), " +
            $"{Figures.Count(s.StoredOfAcknowledged)} of them stored; {s.BatchesNotAsAcknowledged} batches not stored as acknowledged; {Figures.Count(s.ScanIdsStoredTwice)} scan ids stored twice; " +
            $"{s.UnacknowledgedBatches} batches never acknowledged, {Figures.Count(s.StoredOfUnacknowledged)} of their scans stored");
        foreach (var example in s.Examples)
        {
            writer.WriteLine($"      {example}");
        }

        writer.WriteLine(d is null
            ? "    cases: FAILED — not drained: the host exited"
            : $"    cases: {Verdict(d.NotCompleted.Count == 0, "ok", "FAILED")} — {Figures.Count(d.Completed)} of {Figures.Count(d.Posted)} posted traces completed " +
              (d.Drained is { } drained ? $"{Figures.Seconds(drained)} after the load" : $"within the {Figures.Seconds(options.DrainBudget)} budget, {d.NotCompleted.Count} not") +
              $"; {d.Unknown} posted cases unknown to the host; {d.FailedReads} reads failed while draining");
        writer.WriteLine(f is null
            ? "    hotel stream: FAILED — not compared"
            : $"    hotel stream = paged feed: {Verdict(f.Equal, "ok", "FAILED")} — {Figures.Count(f.Paged)} items paged, {Figures.Count(f.Streamed)} streamed, {f.Reconnections} reconnections" +
              (f.FirstDifference is { } diff ? $"; first difference at {diff}" : ""));
    }

    private void PrintGoals(TextWriter writer)
    {
        var r = results;
        var rates = r.Minutes.Select(m => m.AcceptedPerSecond).ToList();
        var serverErrors = r.Requests.Values.Sum(s => s.ServerErrors);
        var casePost = r.Requests[RequestKind.CasePost].Latencies.Percentile(99);
        var caseGet = r.Requests[RequestKind.CaseGet].Latencies.Percentile(99);
        var (memoryText, memoryVerdict) = MemoryPlateau();
        var drained = r.Drain?.Drained;
        var table = new FigureTable("goal (issue 18)", "ContactTrace", "goal", "verdict");
        table.Add("ingest while traces run", rates.Count == 0 ? "n/a" : $"lowest minute {Figures.Rate(rates.Min())}, mean {Figures.Rate(rates.Average())}", $">= {Figures.Rate(IngestGoal)} every minute",
                Verdict(rates.Count > 0 && rates.Min() >= IngestGoal))
            .Add("answers 5xx", Figures.Count(serverErrors), "0", Verdict(serverErrors == 0))
            .Add("case POST p99", Figures.Milliseconds(casePost), $"<= {CasePostP99Goal:F0} ms", Verdict(casePost <= CasePostP99Goal))
            .Add("case GET p99", Figures.Milliseconds(caseGet), $"<= {CaseGetP99Goal:F0} ms", Verdict(caseGet <= CaseGetP99Goal))
            .Add("memory plateau", memoryText, "within 10 % of the middle minute", memoryVerdict)
            .Add("backlog drained", drained is { } time ? Figures.Seconds(time) : "not drained", $"<= {DrainGoalSeconds:F0} s", Verdict(drained is { } t && t.TotalSeconds <= DrainGoalSeconds))
            .Add("host memory, idle", $"before the load {Memory(r.MemoryBefore)}; after the drain {Memory(r.MemoryAfterDrain)}; " +
                (r.MemoryIdle is null ? "not left idle (--idle 0)" : $"after {Figures.Seconds(options.Idle)} idle {Memory(r.MemoryIdle)}"),
                "back at least halfway to before the load", IdleVerdict());
        table.Print(writer);
    }

    /// <summary>
    /// Resident memory at the end of each minute after the reference minute (minute 5 of 10, the middle one of a
    /// shorter run) against the reference: all within ±10 %.
    /// </summary>
    private (string Text, string Verdict) MemoryPlateau()
    {
        var samples = results.Minutes;
        var reference = samples.Count / 2;
        if (reference < 1 || samples[reference - 1].ResidentBytes is not { } baseline)
        {
            return ("n/a (needs 2 minutes or more)", "n/a");
        }

        var later = samples.Skip(reference).Select(s => s.ResidentBytes).ToList();
        var deviation = later.Count == 0 || later.Any(b => b is null) ? double.NaN : later.Max(b => Math.Abs((double)b!.Value / baseline - 1));
        var span = samples.Count == reference + 1 ? $"minute {samples.Count}" : $"minutes {reference + 1}–{samples.Count}";
        return ($"minute {reference} {Figures.Megabytes(baseline)}; {span} {string.Join(", ", later.Select(b => b is { } v ? Figures.Megabytes(v) : "-"))} (at most {Figures.Percent(deviation)} off){BesidesTheCitysData(samples, reference)}",
            double.IsNaN(deviation) ? "unknown" : Verdict(deviation <= MemoryBand));
    }

    // The venue indexes keep every visit of their horizon and the code board every code not green, by design: they
    // grow while days of scans arrive in minutes and contacts turn codes yellow, up to the city's size. The rest of
    // the host's memory is what should stay flat. Shown beside the verdict, which stays RSS's.
    private static string BesidesTheCitysData(IReadOnlyList<MinuteSample> samples, int reference)
    {
        var rest = samples.Select(s => s.ResidentBytesBesidesData).ToList();
        if (rest[reference - 1] is not { } baseline || rest.Skip(reference).Any(r => r is null))
        {
            return "";
        }

        var deviation = rest.Skip(reference).Select(r => Math.Abs(r!.Value / baseline - 1)).DefaultIfEmpty(0).Max();
        return $"; less venue index and code board: {string.Join(", ", rest.Skip(reference - 1).Select(r => Figures.Megabytes((long)r!.Value)))} (at most {Figures.Percent(deviation)} off)";
    }

    /// <summary>Met when the idle host gave back at least half of what it had gained over the load and the drain.</summary>
    private string IdleVerdict()
    {
        if (results is not { MemoryBefore: { } before, MemoryAfterDrain: { } drained, MemoryIdle: { } idle })
        {
            return "—";
        }

        return Verdict(idle.ResidentBytes - before.ResidentBytes <= (drained.ResidentBytes - before.ResidentBytes) / 2);
    }

    private static string Memory(ProcStatus? status) => status is null ? "n/a" : $"RSS {Figures.Megabytes(status.ResidentBytes)} (peak {Figures.Megabytes(status.PeakResidentBytes)})";

    private static string Ms(RequestStats stats, double percentile) => Figures.Milliseconds(stats.Latencies.Percentile(percentile));

    private static string Verdict(bool met, string yes = "met", string no = "MISSED") => met ? yes : no;
}
