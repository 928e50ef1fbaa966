using ContactTrace.Bench.Posting;
using ContactTrace.Bench.Report;

namespace ContactTrace.Bench.Commands.Trace;

/// <summary>The figures of one <c>bench trace</c> run, side by side with the SQL oracle and the goals of issue 4.</summary>
internal sealed class TraceReport(TraceBenchOptions options, TraceResults results)
{
    private const double TypicalP50Goal = 100;
    private const double TypicalP99Goal = 300;
    private const double SuperspreaderGoalSeconds = 2;
    private const double BurstGoalSeconds = 10;
    private const string None = "—";

    public void Print(TextWriter writer)
    {
        var r = results;
        var grain = Milliseconds(r.Typical.Select(t => t.Elapsed));
        var sql = Milliseconds(r.TypicalOracle.Select(o => o.Elapsed));
        writer.WriteLine();
        writer.WriteLine(options.CommandLine);
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {Figures.Count(options.City.Persons)} persons, {Figures.Count(options.City.VenueCount)} venues, {Figures.Count(options.City.TotalScans)} scans; " +
            $"{Environment.ProcessorCount} cores; load average before {r.LoadBefore}, after {r.LoadAfter}; machine busy during the measurements {Figures.Percent(r.MachineBusy)}"));
        writer.WriteLine("  grain: POST /api/cases → GET /api/cases/{id} polled until trace.status = completed (every contact, exposure, management and assignment row committed)");
        writer.WriteLine("  sql: bench/ContactTrace.Oracle ComputeAsync + InsertAssignmentsAsync on the same tables, same run (MaxStay 24 h, as the host bounds stays)");

        var table = new FigureTable("scenario", "ContactTrace (grains)", "SQL oracle", "goal", "verdict");
        if (r.Typical.Count == 0)
        {
            table.Add("trace typical", "skipped", None, None, None);
        }
        else
        {
            AddTypical(table, grain, sql);
        }

        AddSuperspreader(table);
        AddBurst(table);
        table.Print(writer);
        foreach (var failure in r.Failures)
        {
            writer.WriteLine($"  FAILED {failure}");
        }
    }

    private void AddTypical(FigureTable table, Latencies grain, Latencies sql)
    {
        var r = results;
        table.Add($"trace typical ({r.Typical.Count})", $"p50 {Ms(grain.Percentile(50))}  p99 {Ms(grain.Percentile(99))}",
                $"p50 {Ms(sql.Percentile(50))}  p99 {Ms(sql.Percentile(99))}", "p50<=100 p99<=300, <= sql", TypicalVerdict(grain, sql))
            .Add("  contacts found (median)", TypicalCounts(), $"{Figures.Count(Median(r.TypicalOracle.Select(o => (double)o.Contacts.Count)))} persons", None, None)
            .Add("  grain = oracle", $"{Figures.Count(r.TypicalMismatches)} mismatching persons", $"in {r.TypicalCasesMismatching}/{r.Typical.Count} cases", "0", r.TypicalMismatches == 0 ? "met" : "MISSED");
    }

    private void AddSuperspreader(FigureTable table)
    {
        if (results.Superspreader is not { } s || results.SuperspreaderOracle is not { } o)
        {
            table.Add("trace superspreader", "skipped", None, None, None);
            return;
        }

        var seconds = s.Elapsed.TotalSeconds;
        var sqlSeconds = o.Elapsed.TotalSeconds;
        var met = seconds <= SuperspreaderGoalSeconds && seconds <= sqlSeconds / 2;
        table.Add("trace superspreader", Figures.Seconds(s.Elapsed), Figures.Seconds(o.Elapsed), "<=2 s, <= sql/2", $"{(met ? "met" : "MISSED")} ({Figures.Ratio(seconds / sqlSeconds)} of sql)")
            .Add("  tiers", $"tier 1 {Figures.Count(s.Trace.CloseContacts)} close + {Figures.Count(s.Trace.VenueExposed)} venue-exposed, tier 2 {Figures.Count(s.Trace.SecondaryContacts)}",
                $"{Figures.Count(o.Contacts.Count(c => c.Tier == 1))} tier 1, {Figures.Count(o.Contacts.Count(c => c.Tier == 2))} tier 2", "tier 2 >= 50,000",
                s.Trace.SecondaryContacts >= 50_000 ? "met" : "MISSED")
            .Add("  grain = oracle", $"{Figures.Count(results.SuperspreaderMismatches)} mismatching persons", $"{Figures.Count(o.Inserted)} assignment rows", "0", results.SuperspreaderMismatches == 0 ? "met" : "MISSED");
    }

    private void AddBurst(FigureTable table)
    {
        if (results.Burst is not { } b)
        {
            table.Add("trace burst", "skipped", None, None, None);
            return;
        }

        var met = !b.TimedOut && b.Completed == b.Cases && b.Total.TotalSeconds <= BurstGoalSeconds;
        table.Add($"trace burst ({Figures.Count(b.Cases)})", $"all done in {Figures.Seconds(b.Total)} ({Figures.Count(b.Completed)} completed{(b.TimedOut ? ", TIMED OUT" : "")})",
                results.BurstOracle is { } sql ? OracleBurst(sql) : None,
                "<=10 s", met ? "met" : "MISSED")
            .Add("  per case", $"p50 {Ms(b.PerCase.Percentile(50))}  p99 {Ms(b.PerCase.Percentile(99))}; POSTs {Figures.Seconds(b.Posting)}", None, None, None);
    }

    private string OracleBurst(OracleBatch sql) =>
        sql.OutOfTime || sql.Failed > 0
            ? $"{Figures.Count(sql.Finished)}/{Figures.Count(results.BurstOracleCases)} cases in {Figures.Seconds(sql.Elapsed)}{(sql.OutOfTime ? " (budget ran out)" : "")}{(sql.Failed > 0 ? $", {sql.Failed} failed" : "")}, {options.OracleConcurrency} at a time"
            : $"all done in {Figures.Seconds(sql.Elapsed)} ({options.OracleConcurrency} at a time)";

    private string TypicalCounts()
    {
        var t = results.Typical;
        return $"{Figures.Count(Median(t.Select(x => (double)x.Trace.CloseContacts)))} close / {Figures.Count(Median(t.Select(x => (double)x.Trace.SecondaryContacts)))} secondary / " +
            $"{Figures.Count(Median(t.Select(x => (double)x.Trace.VenueExposed)))} venue-exposed";
    }

    private static string TypicalVerdict(Latencies grain, Latencies sql)
    {
        var goals = grain.Percentile(50) <= TypicalP50Goal && grain.Percentile(99) <= TypicalP99Goal;
        var notSlower = grain.Percentile(50) <= sql.Percentile(50) && grain.Percentile(99) <= sql.Percentile(99);
        return (goals ? "met" : "MISSED") + (notSlower ? ", not slower than sql" : ", slower than sql");
    }

    private static Latencies Milliseconds(IEnumerable<TimeSpan> times)
    {
        var latencies = new Latencies();
        foreach (var time in times)
        {
            latencies.Add(time);
        }

        return latencies;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[(sorted.Count - 1) / 2];
    }

    private static string Ms(double milliseconds) => Figures.Milliseconds(milliseconds);
}
