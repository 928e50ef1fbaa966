using ContactTrace.Bench.Api;
using ContactTrace.Bench.Hosting;
using ContactTrace.Bench.Loading;
using ContactTrace.Bench.Report;

namespace ContactTrace.Bench.Commands.Trace;

/// <summary>
/// <c>bench trace</c>, the benchmark of issue 4: a generated city bulk-loaded into the host's PostgreSQL, then
/// typical cases one at a time, a superspreader and a burst, each timed from POST to the trace completed with
/// every assignment durable; the SQL oracle traces the same cases on the same tables in the same run. Host and
/// PostgreSQL are stopped whatever happens.
/// </summary>
internal sealed class TraceScenario(TraceBenchOptions options, string repoRoot, string workDirectory)
{
    private const int HotelCapacity = 100_000;
    private static readonly TimeSpan CaseTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan SuperspreaderTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan BurstTimeout = TimeSpan.FromMinutes(20);
    private static readonly TimeSpan OracleBurstBudget = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan TypicalBudget = TimeSpan.FromMinutes(20);

    private int _mismatchingCases;

    public async Task<TraceResults> ExecuteAsync(CancellationToken ct)
    {
        var loadBefore = LoadAverage.Read();
        var city = City.Generate(options.City);
        Cli.CityArguments.Describe(options.City, Console.Out);
        await using var stack = await BenchStack.StartPostgresAsync(repoRoot, workDirectory, "contacttrace_trace", ct);
        stack.Postgres.Keep = options.Keep;
        try
        {
            await stack.StartHostAsync(repoRoot, workDirectory, new Dictionary<string, string>(StringComparer.Ordinal), ct);
            await CityLoader.LoadAsync(city, stack, [.. city.Hotels.Select(h => h with { Capacity = HotelCapacity })], ct);
            return await MeasureAsync(city, stack, loadBefore, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"host log (last lines):\n{stack.HostLogTail()}");
            throw;
        }
    }

    private async Task<TraceResults> MeasureAsync(City city, BenchStack stack, string loadBefore, CancellationToken ct)
    {
        using var client = new TracingClient(stack.BaseUrl, BenchStack.AdminKey, options.Concurrency + 16);
        using var admin = new ContactTraceClient(stack.BaseUrl, BenchStack.AdminKey, 4);
        var watch = new CaseWatch(client, TimeSpan.FromMilliseconds(options.PollMilliseconds));
        var oracle = new OracleBaseline(stack.Data);
        await oracle.PrepareAsync(ct);
        var picker = new CasePicker(city, options.City.Seed);
        var machineBefore = MachineCpu.Read();

        await WarmUpAsync(watch, picker, ct);
        var (typical, typicalOracle, mismatches) = await TypicalAsync(watch, oracle, picker, ct);

        // A later phase that fails leaves the earlier figures standing: the failure is printed with them.
        var failures = new List<string>();
        (TracedCase?, OracleRun?, int) spreader = (null, null, 0);
        IReadOnlyList<SuperspreaderVisit> visits = [];
        try
        {
            visits = await Superspreader.ChooseAsync(stack.Data, SampledAt().AddDays(-2).AddHours(1), LastScan(), options.SuperspreaderVisits, ct);
            spreader = await SuperspreaderAsync(watch, oracle, admin, visits, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            failures.Add($"superspreader: {e.GetType().Name}: {e.Message}");
            await Console.Error.WriteLineAsync($"superspreader failed; host log (last lines):\n{stack.HostLogTail(150)}");
        }

        (BurstResult?, OracleBatch?, int) burst = (null, null, 0);
        try
        {
            burst = await BurstAsync(client, oracle, picker, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            failures.Add($"burst: {e.GetType().Name}: {e.Message}");
            await Console.Error.WriteLineAsync($"burst failed; host log (last lines):\n{stack.HostLogTail(150)}");
        }

        return new TraceResults(typical, typicalOracle, mismatches, _mismatchingCases, visits, spreader.Item1, spreader.Item2, spreader.Item3,
            burst.Item1, burst.Item2, burst.Item3, failures, MachineCpu.Read().BusySince(machineBefore), loadBefore, LoadAverage.Read());
    }

    // Sampled an hour ago: the window opens two days before that and runs until now, over yesterday's scans.
    private static DateTimeOffset SampledAt() => DateTimeOffset.UtcNow.AddHours(-1);

    private DateTimeOffset LastScan() => CityClock.WindowStartUtc(options.City.StartDate.AddDays(options.City.Days - 1)).AddSeconds(CityClock.WindowSeconds);

    private static CaseBody Case(string caseId, string personId) => new(caseId, personId, "confirmed", SampledAt());

    private async Task WarmUpAsync(CaseWatch watch, CasePicker picker, CancellationToken ct)
    {
        for (var i = 1; i <= options.Warmup; i++)
        {
            var traced = await watch.ReportAndWaitAsync(Case($"bt-warmup-{i:D3}", picker.Next().PersonId), CaseTimeout, ct);
            Console.WriteLine($"warm-up case {i}/{options.Warmup}: {Figures.Milliseconds(traced.Elapsed.TotalMilliseconds)} (not measured)");
        }
    }

    private async Task<(List<TracedCase>, List<OracleRun>, int)> TypicalAsync(CaseWatch watch, OracleBaseline oracle, CasePicker picker, CancellationToken ct)
    {
        var traced = new List<TracedCase>();
        var baseline = new List<OracleRun>();
        var mismatches = 0;
        var budget = Stopwatch.StartNew();
        for (var i = 1; i <= options.Typical; i++)
        {
            if (budget.Elapsed > TypicalBudget)
            {
                Console.WriteLine($"  typical: stopped after {i - 1} cases, at the phase's {TypicalBudget.TotalMinutes:F0}-minute budget");
                break;
            }

            // One at a time: the oracle runs right after the grain trace, on exactly the cases the grain trace saw.
            var grain = await watch.ReportAndWaitAsync(Case($"bt-typical-{i:D4}", picker.Next().PersonId), CaseTimeout, ct);
            var sql = await oracle.RunAsync(grain.CaseId, ct);
            var differing = await oracle.CountMismatchesAsync(sql, ct);
            mismatches += differing;
            _mismatchingCases += differing > 0 ? 1 : 0;
            traced.Add(grain);
            baseline.Add(sql);
            if (i % 10 == 0 || i == options.Typical)
            {
                Console.WriteLine($"  typical {i}/{options.Typical}: last grain {Figures.Milliseconds(grain.Elapsed.TotalMilliseconds)}, sql {Figures.Milliseconds(sql.Elapsed.TotalMilliseconds)}; " +
                    $"{grain.Trace.CloseContacts} close / {grain.Trace.SecondaryContacts} secondary / {grain.Trace.VenueExposed} venue-exposed; mismatching persons so far {mismatches}");
            }
        }

        return (traced, baseline, mismatches);
    }

    private static async Task<(TracedCase?, OracleRun?, int)> SuperspreaderAsync(
        CaseWatch watch, OracleBaseline oracle, ContactTraceClient admin, IReadOnlyList<SuperspreaderVisit> visits, CancellationToken ct)
    {
        if (visits.Count == 0)
        {
            Console.WriteLine("superspreader: skipped (--superspreader-visits 0)");
            return (null, null, 0);
        }

        foreach (var v in visits)
        {
            Console.WriteLine($"  superspreader visit: {v.VenueId} ({v.Kind}) {v.From:yyyy-MM-dd HH:mm}Z +60 min, {v.ScansThatHour} scans there that hour");
        }

        await Superspreader.RegisterAsync(admin, visits, ct);
        var grain = await watch.ReportAndWaitAsync(Case("bt-superspreader-case", Superspreader.PersonId), SuperspreaderTimeout, ct);
        Console.WriteLine($"superspreader: grain {Figures.Milliseconds(grain.Elapsed.TotalMilliseconds)}: tier 1 {Figures.Count(grain.Trace.CloseContacts)} close + {Figures.Count(grain.Trace.VenueExposed)} venue-exposed, tier 2 {Figures.Count(grain.Trace.SecondaryContacts)}");
        var sql = await oracle.RunAsync(grain.CaseId, ct);
        var mismatches = await oracle.CountMismatchesAsync(sql, ct);
        Console.WriteLine($"superspreader: sql {Figures.Milliseconds(sql.Elapsed.TotalMilliseconds)} ({Figures.Count(sql.Contacts.Count)} persons, {Figures.Count(sql.Inserted)} assignment rows); mismatching persons {mismatches}");
        return (grain, sql, mismatches);
    }

    private async Task<(BurstResult?, OracleBatch?, int)> BurstAsync(TracingClient client, OracleBaseline oracle, CasePicker picker, CancellationToken ct)
    {
        if (options.Burst == 0)
        {
            return (null, null, 0);
        }

        var cases = Enumerable.Range(1, options.Burst).Select(i => Case($"bt-burst-{i:D5}", picker.Next().PersonId)).ToList();
        Console.WriteLine($"burst: {Figures.Count(cases.Count)} cases, {options.Concurrency} POSTs in flight…");
        var burst = await new BurstRun(client, options.Concurrency).RunAsync(cases, BurstTimeout, ct);
        Console.WriteLine($"burst: {Figures.Count(burst.Completed)}/{Figures.Count(burst.Cases)} completed in {Figures.Seconds(burst.Total)} (POSTs took {Figures.Seconds(burst.Posting)}){(burst.TimedOut ? " — TIMED OUT" : "")}");

        // After a timeout some cases may never have been stored: the oracle can only trace stored ones.
        var stored = await oracle.StoredCasesAsync([.. cases.Select(c => c.CaseId)], ct);
        Console.WriteLine($"burst: the SQL oracle on the same {Figures.Count(stored.Count)} cases, {options.OracleConcurrency} at a time (budget {OracleBurstBudget.TotalMinutes:F0} min)…");
        var batch = await oracle.RunManyAsync(stored, options.OracleConcurrency, OracleBurstBudget, null, ct);
        Console.WriteLine($"burst: sql {Figures.Count(batch.Finished)}/{Figures.Count(stored.Count)} cases in {Figures.Seconds(batch.Elapsed)}" +
            (batch.Failed > 0 ? $", {batch.Failed} failed" : "") + (batch.OutOfTime ? $" — stopped at its {OracleBurstBudget.TotalMinutes:F0}-minute budget" : ""));
        return (burst, batch, stored.Count);
    }
}
