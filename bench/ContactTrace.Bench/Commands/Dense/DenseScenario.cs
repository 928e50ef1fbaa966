using ContactTrace.Bench.Api;
using ContactTrace.Bench.Hosting;
using ContactTrace.Bench.Loading;
using ContactTrace.Bench.Report;

namespace ContactTrace.Bench.Commands.Dense;

/// <summary>
/// <c>bench dense</c>, the crowded-venue benchmark of issue 11: <see cref="DenseCity"/> bulk-loaded into the host's
/// PostgreSQL, one case at the crowded venues followed from its POST to tier 1 and to completed
/// (<see cref="TraceTimeline"/>) while <c>/health/ready</c> is probed, then the host's memory and the evidence rows
/// the trace wrote, and the SQL oracle on the same case. A trace that does not finish is stopped at the time or
/// memory limit, reported with the host log's tail, and the oracle then runs with the host already stopped.
/// Host and PostgreSQL are stopped whatever happens.
/// </summary>
internal sealed class DenseScenario(DenseOptions options, string repoRoot, string workDirectory)
{
    private const int LogTailLines = 60;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    public async Task<DenseResults> ExecuteAsync(CancellationToken ct)
    {
        var loadBefore = LoadAverage.Read();
        var city = DenseCity.Generate(options);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"dense day {city.Day:yyyy-MM-dd}: {Figures.Count(city.Persons.Count)} persons × {options.Visits} visits to {DenseCity.CloseVenueId} (bath-house) and to {DenseCity.OpenVenueId} (market) = {Figures.Count(city.Scans.Count)} scans; {city.Hotels.Count} hotels, {Figures.Count(city.Hotels.Sum(h => (long)h.Capacity))} rooms"));
        await using var stack = await BenchStack.StartPostgresAsync(repoRoot, workDirectory, "contacttrace_dense", ct);
        stack.Postgres.Keep = options.Keep;
        try
        {
            await stack.StartHostAsync(repoRoot, workDirectory, new Dictionary<string, string>(StringComparer.Ordinal), ct);
            await CityLoader.LoadAsync(city.Rows, stack, city.Hotels, ct);
            return await MeasureAsync(city, stack, loadBefore, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"host log (last lines):\n{stack.HostLogTail()}");
            throw;
        }
    }

    private async Task<DenseResults> MeasureAsync(DenseCity city, BenchStack stack, string loadBefore, CancellationToken ct)
    {
        var host = stack.Host!;
        using var client = new TracingClient(stack.BaseUrl, BenchStack.AdminKey, 2, RequestTimeout);
        using var probeClient = new TracingClient(stack.BaseUrl, BenchStack.AdminKey, 1, RequestTimeout);
        var memoryBefore = host.Status;
        var machineBefore = MachineCpu.Read();
        var body = city.Case();
        Console.WriteLine($"case {body.CaseId}: person {body.PersonId}, sampled {body.SampledAt:yyyy-MM-dd HH:mm}, reported {body.ReportedAt:yyyy-MM-dd HH:mm} (+08:00); polling every {options.PollMilliseconds} ms, limit {Figures.Seconds(options.Timeout)}");

        var readiness = new ReadinessProbe(probeClient);
        using var stopProbe = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var probing = Task.Run(() => readiness.RunAsync(stopProbe.Token), CancellationToken.None);
        TraceTimeline trace;
        try
        {
            trace = await TraceTimeline.FollowAsync(client, host, body, TimeSpan.FromMilliseconds(options.PollMilliseconds), options.Timeout,
                options.HostMemoryGigabytes * 1024L * 1024 * 1024, ct);
        }
        finally
        {
            await stopProbe.CancelAsync();
            await probing;
        }

        var machineBusy = MachineCpu.Read().BusySince(machineBefore);
        var memoryAfter = host.Status;
        Console.WriteLine($"host trace: {trace.Outcome} after {Figures.Seconds(trace.Elapsed)}: {trace.Describe()}" +
            (trace.FailedPolls > 0 ? $"; {trace.FailedPolls} polls failed, the last {trace.LastFailure}" : ""));
        var evidence = await EvidenceRows.CountAsync(stack.Data, body.CaseId, ct);

        string? logTail = null;
        if (trace.Outcome != TraceOutcome.Completed)
        {
            // The oracle gets PostgreSQL to itself, not shared with a trace that may still be running.
            logTail = stack.HostLogTail(LogTailLines);
            await stack.StopHostAsync();
            Console.WriteLine("host stopped: its trace did not complete");
        }

        var oracle = await DenseOracle.RunAsync(stack.Data, body.CaseId, options.OracleBudget, compare: trace.Outcome == TraceOutcome.Completed, ct);
        return new DenseResults(city.Scans.Count, trace, memoryBefore, memoryAfter, evidence, readiness, oracle, logTail, loadBefore, LoadAverage.Read(), machineBusy);
    }
}
