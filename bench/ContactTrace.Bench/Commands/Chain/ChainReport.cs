using ContactTrace.Bench.Posting;
using ContactTrace.Bench.Report;

namespace ContactTrace.Bench.Commands.Chain;

/// <summary>The figures of one <c>bench chain</c> run, with plain SQL and the goals of issue 6.</summary>
internal sealed class ChainReport(ChainOptions options, ChainResults results)
{
    private const double ChainGoal = 200;
    private const double BulletinGoal = 100;

    public void Print(TextWriter writer)
    {
        var r = results;
        writer.WriteLine();
        writer.WriteLine(options.CommandLine);
        writer.WriteLine($"  outbreak: {Figures.Count(r.Cases)} cases in one cluster, {Figures.Count(r.Contacts)} contacts; {Environment.ProcessorCount} cores; load average before {r.LoadBefore}, after {r.LoadAfter}");
        writer.WriteLine($"  a chain answer: caseCount {Figures.Count(r.ChainCaseCount)}, contactCount {Figures.Count(r.ChainContactCount)}, {Figures.Count(r.ChainNodes)} nodes, {Figures.Count(r.ChainEdges)} edges, {Figures.Count(r.ChainBytes)} chars");
        writer.WriteLine($"  a bulletin: {r.SampleBulletin.Trim()}");
        PrintCheck(writer, r.BulletinCheck);
        writer.WriteLine($"  {options.Requests} requests each, one at a time, after {5} unmeasured; goals read as p99 (the stricter reading of \"≤ 200 ms / ≤ 100 ms\")");

        var table = new FigureTable("scenario", "ContactTrace (HTTP)", "plain SQL (no HTTP)", "goal", "verdict");
        table.Add("chain summary (JSON, page 500)", P(r.Chain), $"{P(r.SqlChain)} (recursive walk)", "p99<=200 ms", Verdict(r.Chain, ChainGoal))
            .Add("bulletin JSON", P(r.BulletinJson), $"{P(r.SqlBulletin)} (one statement)", "p99<=100 ms", Verdict(r.BulletinJson, BulletinGoal))
            .Add("bulletin text", P(r.BulletinText), "(same as above)", "p99<=100 ms", Verdict(r.BulletinText, BulletinGoal));
        table.Print(writer);
    }

    // The sample period's figures side by side (channels and districts only checked), then the verdict over every period.
    private static void PrintCheck(TextWriter writer, BulletinCheck check)
    {
        var product = check.SampleProduct.Figures().Where(f => !f.Name.StartsWith("newCases.by", StringComparison.Ordinal));
        var baseline = check.SampleBaseline.Figures().ToDictionary(f => f.Name, f => f.Value, StringComparer.Ordinal);
        writer.WriteLine($"  the same bulletin's figures, product JSON / plain SQL: {string.Join(", ", product.Select(f => $"{f.Name} {f.Value}/{baseline.GetValueOrDefault(f.Name, "-")}"))}");
        writer.WriteLine(check.Mismatches == 0
            ? $"  bulletin check: product JSON = plain SQL on every figure (channels and districts included) of {check.Periods} periods (each day until {ChainScenario.Until} and 24:00)"
            : $"  bulletin check: MISMATCH, {check.Mismatches} figures differ over {check.Periods} periods (MISMATCH lines above)");
    }

    private static string P(Latencies l) => $"p50 {Figures.Milliseconds(l.Percentile(50))}  p99 {Figures.Milliseconds(l.Percentile(99))}";

    private static string Verdict(Latencies l, double goal) => l.Percentile(99) <= goal ? "met" : l.Percentile(50) <= goal ? "p50 met, p99 MISSED" : "MISSED";
}
