using ContactTrace.Bench.Api;
using ContactTrace.Bench.Hosting;
using ContactTrace.Bench.Report;
using ContactTrace.Oracle;

namespace ContactTrace.Bench.Commands.Dense;

/// <summary>The figures of one <c>bench dense</c> run beside the SQL oracle's and the goals of issue 11 (at N = 5,000).</summary>
internal sealed class DenseReport(DenseOptions options, DenseResults results)
{
    private const double Tier1GoalSeconds = 2;
    private const double CompletedGoalSeconds = 20;
    private const long MemoryGoalBytes = 1536L * 1024 * 1024;
    private const double EvidenceGoalRatio = 4;
    private const string None = "—";

    public void Print(TextWriter writer)
    {
        var r = results;
        var t = r.Trace;
        writer.WriteLine();
        writer.WriteLine(options.CommandLine);
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {Figures.Count(options.Persons)} persons, 2 venues (bath-house, market), {Figures.Count(r.Scans)} scans in one day; {Figures.Count(options.Rooms)} hotel rooms; " +
            $"{Environment.ProcessorCount} cores; load average before {r.LoadBefore}, after {r.LoadAfter}; machine busy during the trace {Figures.Percent(r.MachineBusy)}"));
        writer.WriteLine($"  host: POST /api/cases answered in {Figures.Seconds(t.Posted)}; trace {Outcome(t)}; statuses {t.Describe()}");
        writer.WriteLine("  sql: bench/ContactTrace.Oracle ComputeAsync + InsertAssignmentsAsync on the same tables after the host (tier 1 alone, then both tiers)");
        if (r.HostLogTail is { } tail)
        {
            writer.WriteLine($"  host log (last lines, at the stop):\n{tail}");
        }

        var table = new FigureTable("figure", "ContactTrace", "SQL oracle", "goal", "verdict");
        AddTimes(table);
        AddCounts(table);
        AddMemory(table);
        AddEvidence(table);
        var probe = r.Readiness.Latencies;
        table.Add("/health/ready during the trace", $"max {Figures.Milliseconds(probe.Percentile(100))}, p99 {Figures.Milliseconds(probe.Percentile(99))} ({Figures.Count(probe.Count)} probes, {r.Readiness.Failures} failed)",
            None, "answers", r.Readiness.Failures == 0 ? "ok" : "FAILED");
        table.Print(writer);
    }

    private static string Outcome(TraceTimeline t) => t.Outcome switch
    {
        TraceOutcome.Completed => $"completed after {Figures.Seconds(t.Elapsed)}",
        TraceOutcome.TimedOut => $"NOT completed within the limit ({Figures.Seconds(t.Elapsed)}), last status '{t.Last?.Trace.Status ?? "none"}'",
        TraceOutcome.HostExited => $"NOT completed: the host exited after {Figures.Seconds(t.Elapsed)}",
        _ => $"NOT completed: stopped at the host memory limit ({Figures.Megabytes(t.PeakResidentSeen)} resident) after {Figures.Seconds(t.Elapsed)}",
    } + (t.FailedPolls > 0 ? $"; {t.FailedPolls} polls failed or timed out" : "");

    private void AddTimes(FigureTable table)
    {
        var t = results.Trace;
        var o = results.Oracle;
        var completed = t.FirstSeen(TraceAnswer.Completed);
        var tier1 = t.FirstSeen(TraceAnswer.Tier1Completed);
        var (tier1Text, tier1Verdict) = (tier1, completed) switch
        {
            ({ } seen, _) => (Figures.Seconds(seen), Verdict(seen.TotalSeconds <= Tier1GoalSeconds)),
            (null, { } done) => ($"≤ {Figures.Seconds(done)} (no {TraceAnswer.Tier1Completed} status seen)", done.TotalSeconds <= Tier1GoalSeconds ? "met" : "unknown"),
            _ => ($"not reached in {Figures.Seconds(t.Elapsed)}", "MISSED"),
        };
        table.Add("tier 1 durable (POST → tier1Completed)", tier1Text, OracleTime(o.Tier1), $"<= {Tier1GoalSeconds:F0} s", tier1Verdict)
            .Add("trace completed (POST → completed)", completed is { } c ? Figures.Seconds(c) : $"not reached in {Figures.Seconds(t.Elapsed)}",
                o.Full is { } full ? Figures.Seconds(full.Elapsed) : OracleTime(null), $"<= {CompletedGoalSeconds:F0} s",
                Verdict(completed is { } finished && finished.TotalSeconds <= CompletedGoalSeconds));
    }

    private string OracleTime(Trace.OracleRun? run) =>
        run is not null ? Figures.Seconds(run.Elapsed)
        : results.Oracle.Skipped ? "skipped"
        : $"did not finish within {Figures.Seconds(results.Oracle.Budget)}";

    private void AddCounts(FigureTable table)
    {
        var r = results;
        var answer = r.Trace.Last?.Trace;
        var host = answer is null
            ? "no answer"
            : $"{Figures.Count(answer.CloseContacts)} close / {Figures.Count(answer.VenueExposed)} venue-exposed / {Figures.Count(answer.SecondaryContacts)} secondary / {Figures.Count(answer.HomeIsolation)} home-isolation" +
              (answer.IsCompleted ? "" : $" (status {answer.Status})");
        var sql = r.Oracle.Full is { } full ? Categories(full) : r.Oracle.Tier1 is { } tier1 ? Categories(tier1) + " (tier 1 only)" : None;
        table.Add("contacts (case answer)", host, sql, None, None);
        table.Add("  same persons as the oracle", r.Oracle.Mismatches is { } m ? $"{Figures.Count(m)} mismatching persons" : "not compared", None, "0",
            r.Oracle.Mismatches is 0 ? "met" : r.Oracle.Mismatches is null ? "unknown" : "MISSED");
    }

    private static string Categories(Trace.OracleRun run)
    {
        int Count(string category) => run.Contacts.Count(c => c.Category == category);
        return $"{Figures.Count(Count(OracleCategories.CloseContact))} / {Figures.Count(Count(OracleCategories.VenueExposed))} / {Figures.Count(Count(OracleCategories.SecondaryContact))} / {Figures.Count(Count(OracleCategories.HomeIsolation))}";
    }

    private void AddMemory(FigureTable table)
    {
        var (before, after) = (results.MemoryBefore, results.MemoryAfter);
        var finished = results.Trace.Outcome == TraceOutcome.Completed;
        var peak = Math.Max(after?.PeakResidentBytes ?? 0, results.Trace.PeakResidentSeen);
        var verdict = peak > MemoryGoalBytes ? "MISSED" : finished && after is not null ? "met" : "unknown (trace unfinished)";
        table.Add("host VmHWM (peak resident)", $"{Memory(before, m => m.PeakResidentBytes)} before → {Memory(after, m => m.PeakResidentBytes)} after", None, "<= 1.5 GB", verdict)
            .Add("host VmRSS (resident)", $"{Memory(before, m => m.ResidentBytes)} before → {Memory(after, m => m.ResidentBytes)} after", None, None, None);
    }

    private static string Memory(ProcStatus? status, Func<ProcStatus, long> figure) => status is null ? "n/a (host gone)" : Figures.Megabytes(figure(status));

    private void AddEvidence(FigureTable table)
    {
        var e = results.Evidence;
        var basis = e.Contacts + results.Scans;
        var ratio = (double)e.Evidence / basis;
        table.Add("evidence rows", $"{Figures.Count(e.Evidence)} = {Figures.Count(e.Exposures)} exposures + {(e.TraceSources is { } s ? Figures.Count(s) : "0")} trace_sources ({e.TraceSourcesNote})",
                None, None, None)
            .Add("  per (contacts + visits)", $"{Figures.Ratio(ratio)} of {Figures.Count(e.Contacts)} contacts + {Figures.Count(results.Scans)} visits", None,
                $"<= {EvidenceGoalRatio:F0}×", results.Trace.Outcome == TraceOutcome.Completed ? Verdict(ratio <= EvidenceGoalRatio) : "unknown (trace unfinished)");
    }

    private static string Verdict(bool met) => met ? "met" : "MISSED";
}
