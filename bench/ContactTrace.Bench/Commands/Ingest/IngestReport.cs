using ContactTrace.Bench.Baseline;
using ContactTrace.Bench.Report;

namespace ContactTrace.Bench.Commands.Ingest;

/// <summary>The figures of one <c>bench ingest</c> run, printed side by side with the baseline and the issue's goals.</summary>
internal sealed record class IngestReport(IngestOptions Options, HostMeasurement Host, BaselineResult? Baseline, string LoadBefore)
{
    private const double RateGoal = 100_000;
    private const double BytesPerVisitGoal = 32;
    private const string None = "—";

    public void Print(TextWriter writer)
    {
        var posting = Host.Posting;
        writer.WriteLine();
        writer.WriteLine($"bench ingest --scans {Options.Scans} --clients {Options.Clients} --batch {Options.Batch}{(Options.Warmup > 0 ? $" --warmup {Options.Warmup}" : "")}" +
            $" (seed {Options.City.Seed}, {Figures.Count(Options.City.Persons)} persons, {Figures.Count(Options.City.VenueCount)} venues, {Environment.ProcessorCount} cores, load average before: {LoadBefore})");
        var table = new FigureTable("figure", "ContactTrace: HTTP → host → PostgreSQL", "baseline: COPY, plain table + 3 btree");
        table.Add("rows stored", Figures.Count(posting.Accepted), Baseline is null ? "skipped" : Figures.Count(Baseline.Rows))
            .Add("sustained rate (durable)", Figures.Rate(posting.AcceptedPerSecond), Baseline is null ? None : Figures.Rate(Baseline.RowsPerSecond))
            .Add("ratio to baseline", Baseline is null ? None : Figures.Ratio(posting.AcceptedPerSecond / Baseline.RowsPerSecond), "1.00×")
            .Add("wall time", Figures.Seconds(posting.Elapsed), Baseline is null ? None : Figures.Seconds(Baseline.Elapsed))
            .Add("batch latency p50 / p99", Latency(posting.P50Milliseconds, posting.P99Milliseconds), Baseline is null ? None : Latency(Baseline.P50Milliseconds, Baseline.P99Milliseconds))
            .Add("host peak memory (VmHWM)", Host.Memory is { } m ? Figures.Megabytes(m.PeakResidentBytes) : "n/a", None)
            .Add("venue index bytes/visit", VenueIndex(), None)
            .Add("host CPU / machine busy", $"{Figures.Seconds(Host.HostCpu)} / {Figures.Percent(Host.MachineBusy)}", None)
            .Add("duplicates / rejected / retried / 429", $"{Figures.Count(posting.Duplicates)} / {Figures.Count(posting.Rejected)} / {Figures.Count(posting.Retries)} / {Figures.Count(Host.Throttled)}", None);
        table.Print(writer);
        PrintRejections(writer);
        PrintGoals(writer);
    }

    private static string Latency(double p50, double p99) => $"{Figures.Milliseconds(p50)} / {Figures.Milliseconds(p99)}";

    private string VenueIndex() => Host.VenueIndex.BytesPerVisit is { } perVisit
        ? $"{perVisit:F1} ({Figures.Megabytes((long)Host.VenueIndex.Bytes!.Value)} / {Figures.Count(Host.VenueIndex.Visits!.Value)} visits)"
        : "n/a";

    private void PrintRejections(TextWriter writer)
    {
        foreach (var r in Host.Posting.RejectionSamples)
        {
            writer.WriteLine($"  rejected: #{r.Index} {r.ScanId} {r.Field}: {r.Message}");
        }
    }

    private void PrintGoals(TextWriter writer)
    {
        var rate = Host.Posting.AcceptedPerSecond;
        var beatsBaseline = Baseline is null ? "" : rate > Baseline.RowsPerSecond ? ", faster than the baseline" : ", slower than the baseline";
        writer.WriteLine($"goal ≥ {Figures.Count(RateGoal)} scans/s: {(rate >= RateGoal ? "met" : "missed")} ({Figures.Rate(rate)}{beatsBaseline})");
        var perVisit = Host.VenueIndex.BytesPerVisit;
        writer.WriteLine($"goal ≤ {BytesPerVisitGoal} bytes/visit in venue indexes: {(perVisit is null ? "n/a (host exposes no contacttrace_venue_index_* gauges)" : perVisit <= BytesPerVisitGoal ? "met" : "missed")}");
    }
}
