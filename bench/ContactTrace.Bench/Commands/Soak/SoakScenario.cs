using ContactTrace.Bench.Api;
using ContactTrace.Bench.Hosting;
using ContactTrace.Bench.Loading;
using ContactTrace.Bench.Report;

namespace ContactTrace.Bench.Commands.Soak;

/// <summary>
/// <c>bench soak</c>, the mixed-load benchmark of issue 18: a city whose first days are bulk-loaded into the host's
/// PostgreSQL as history, a hotel system on its event stream, then for N minutes at once: scan posters sending the
/// city's last days (<see cref="ScanPosters"/>), a case reporter and a reader (<see cref="CaseTraffic"/>), a row of figures
/// per minute (<see cref="MinuteSampler"/>). Then the backlog is drained (<see cref="CaseDrain"/>), the stream
/// compared with the paged feed and every scan counted in the table. Every request has a timeout; host and
/// PostgreSQL are stopped whatever happens.
/// </summary>
internal sealed class SoakScenario(SoakOptions options, string repoRoot, string workDirectory)
{
    private const string HotelKey = "bench-soak-hotel";
    private const int HotelCapacity = 100_000;
    private static readonly TimeSpan StreamOpenTimeout = TimeSpan.FromSeconds(30);

    public async Task<SoakResults> ExecuteAsync(CancellationToken ct)
    {
        var loadBefore = LoadAverage.Read();
        var city = City.Generate(options.City);
        var p = options.City;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"city: seed {p.Seed}, {p.Persons:N0} persons, {p.VenueCount:N0} venues, {p.HotelCount:N0} hotels, {p.Days} day(s) from {p.StartDate:yyyy-MM-dd}, 2–{SoakOptions.MaxVisitsPerDay} visits per person and day: ") +
            string.Create(CultureInfo.InvariantCulture,
                $"the first {options.HistoryDays} loaded as history, the last {options.LiveDays} (~{3L * p.Persons * options.LiveDays:N0} scans) sent by the posters"));
        var hotelId = city.Hotels[0].HotelId;
        await using var stack = await BenchStack.StartPostgresAsync(repoRoot, workDirectory, "contacttrace_soak", ct);
        stack.Postgres.Keep = options.Keep;
        try
        {
            var hostEnvironment = new Dictionary<string, string>(options.HostEnvironment, StringComparer.Ordinal)
            {
                ["ContactTrace__ApiKeys__1__Key"] = HotelKey,
                ["ContactTrace__ApiKeys__1__Role"] = "hotel",
                ["ContactTrace__ApiKeys__1__HotelId"] = hotelId,
            };
            await stack.StartHostAsync(repoRoot, workDirectory, hostEnvironment, ct);
            var rows = CityRows.Of(city) with { Days = options.HistoryDays, ScansOfDay = day => VisitThinning.Thin(city.ScansOfDay(day), day, p.Persons, p.Seed) };
            await CityLoader.LoadAsync(rows, stack, [.. city.Hotels.Select(h => h with { Capacity = HotelCapacity })], ct);
            return await MeasureAsync(city, stack, hotelId, loadBefore, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"host log (last lines):\n{stack.HostLogTail()}");
            throw;
        }
    }

    private async Task<SoakResults> MeasureAsync(City city, BenchStack stack, string hotelId, string loadBefore, CancellationToken ct)
    {
        var meter = new RequestMeter();
        var ledger = new ScanLedger();
        using var admin = new TracingClient(stack.BaseUrl, BenchStack.AdminKey, 64, options.RequestTimeout);
        using var scanClient = new ContactTraceClient(stack.BaseUrl, BenchStack.AdminKey, options.Posters, options.RequestTimeout);
        using var hotelClient = new TracingClient(stack.BaseUrl, HotelKey, 4, options.RequestTimeout);

        var stream = new HotelStreamRecorder(hotelClient, hotelId);
        using var stopStream = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var streaming = Task.Run(() => stream.RunAsync(stopStream.Token), CancellationToken.None);
        SoakPhases phases;
        ProcStatus? afterDrain;
        try
        {
            await stream.Connected.WaitAsync(StreamOpenTimeout, ct);
            Console.WriteLine($"hotel {hotelId}: event stream open with its own key");
            phases = await LoadAndDrainAsync(city, stack, meter, ledger, admin, scanClient, ct);
            afterDrain = stack.Host!.Status;
            if (phases.Drain is not null)
            {
                phases = phases with { Feed = await FeedComparison.CompareAsync(hotelClient, hotelId, stream, ct) };
            }
        }
        finally
        {
            await stopStream.CancelAsync();
            await streaming;
        }

        var scans = await ScanIntegrity.CheckAsync(stack.Data, ledger, ct);
        var idle = await IdleAsync(stack.Host, ct);
        return new SoakResults(phases.Minutes, meter.Total, meter.Accepted, meter.Duplicates, phases.Load, phases.SkippedTicks, phases.CasesPosted, phases.CasesAcknowledged,
            phases.Drain, phases.Feed, scans, phases.MemoryBefore, afterDrain, idle, stack.Host!.HasExited, loadBefore, LoadAverage.Read(), phases.MachineBusy);
    }

    /// <summary>
    /// Leaves the host without requests for <see cref="SoakOptions.Idle"/> (counted from the end of the checks, which
    /// ask only PostgreSQL), then reads its memory: does it go back down?
    /// </summary>
    private async Task<ProcStatus?> IdleAsync(HostProcess host, CancellationToken ct)
    {
        if (options.Idle <= TimeSpan.Zero || host.HasExited)
        {
            return null;
        }

        Console.WriteLine($"idle: no requests for {Figures.Seconds(options.Idle)}");
        await Task.Delay(options.Idle, ct);
        return host.Status;
    }

    /// <summary>The load for the chosen minutes, then — unless the host died — the drain of the cases it left.</summary>
    private async Task<SoakPhases> LoadAndDrainAsync(
        City city, BenchStack stack, RequestMeter meter, ScanLedger ledger, TracingClient admin, ContactTraceClient scanClient, CancellationToken ct)
    {
        var host = stack.Host!;
        var memoryBefore = host.Status;
        var machineBefore = MachineCpu.Read();
        Console.WriteLine($"load: {options.Minutes} min of {options.Posters} scan posters ({Figures.Count(options.Batch)}-scan batches{(options.ScanRate > 0 ? $", {Figures.Rate(options.ScanRate)} in all" : ", as fast as acknowledged")}), " +
            $"a case every {Figures.Seconds(options.CaseEvery)}, a read of case + contacts + bulletin every {Figures.Seconds(options.ReadEvery)}");
        using var scans = LiveScans.Of(city, options);
        var traffic = new CaseTraffic(admin, city, scans, options, meter);
        var sampler = new MinuteSampler(host, stack.Data, admin, meter);
        var desks = options.CheckInAfter is { } checkInAfter ? new HotelDesks(admin, [.. city.Hotels.Select(h => h.HotelId)], scans, checkInAfter, meter) : null;
        using var stopLoad = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var clock = Stopwatch.StartNew();
        var posting = new ScanPosters(scanClient, scans, options, meter, ledger).RunAsync(stopLoad.Token, ct);
        var tracing = traffic.RunAsync(stopLoad.Token, ct);
        var checkingIn = desks?.RunAsync(stopLoad.Token, ct) ?? Task.CompletedTask;
        try
        {
            await sampler.RunAsync(clock, options.Minutes, ct);
        }
        finally
        {
            await stopLoad.CancelAsync();
            await Task.WhenAll(posting, tracing, checkingIn);
        }

        var load = clock.Elapsed;
        var machineBusy = MachineCpu.Read().BusySince(machineBefore);
        Console.WriteLine($"load stopped after {Figures.Seconds(load)} (requests in flight answered); {Figures.Count(traffic.Posted.Count)} cases posted, {Figures.Count(meter.Accepted)} scans accepted; " +
            (desks is null ? "nobody checked in (--no-check-ins)" : $"{Figures.Count(desks.CheckedIn)} guests checked in, {desks.PassedOver} passed over (no longer assigned), {desks.Failed} feed reads or check-ins failed"));
        var phases = new SoakPhases(sampler.Samples, load, traffic.SkippedTicks, traffic.Posted.Count, traffic.Acknowledged, memoryBefore, machineBusy, null, null);
        if (host.HasExited)
        {
            await Console.Error.WriteLineAsync($"the host exited (code {host.ExitCode}) during the load; log (last lines):\n{stack.HostLogTail(60)}");
            return phases;
        }

        var drain = await CaseDrain.WaitAsync(admin, traffic.Posted, options.DrainBudget, ct);
        Console.WriteLine(drain.Drained is { } drained
            ? $"drain: all {Figures.Count(drain.Completed)} traces completed {Figures.Seconds(drained)} after the load ({drain.Unknown} posted cases unknown to the host)"
            : $"drain: {Figures.Count(drain.NotCompleted.Count)} of {Figures.Count(drain.Posted)} traces NOT completed within {Figures.Seconds(options.DrainBudget)}, e.g. {string.Join(", ", drain.NotCompleted.Take(5))}");
        return phases with { Drain = drain };
    }

    private sealed record class SoakPhases(
        IReadOnlyList<MinuteSample> Minutes, TimeSpan Load, int SkippedTicks, int CasesPosted, int CasesAcknowledged,
        ProcStatus? MemoryBefore, double MachineBusy, DrainResult? Drain, FeedComparison? Feed);
}
