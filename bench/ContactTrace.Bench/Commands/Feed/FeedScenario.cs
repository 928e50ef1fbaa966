using System.Collections.Concurrent;
using ContactTrace.Bench.Api;
using ContactTrace.Bench.Commands.Trace;
using ContactTrace.Bench.Hosting;
using ContactTrace.Bench.Loading;
using ContactTrace.Bench.Posting;
using ContactTrace.Bench.Report;

namespace ContactTrace.Bench.Commands.Feed;

/// <summary>
/// <c>bench feed</c>, the benchmark of issue 5: a city bulk-loaded into the host's PostgreSQL with one isolation
/// hotel (so every centralized isolation lands there), its feed read by a poller and an SSE reader holding the
/// hotel's own key, and a burst of cases — each of a different household of two or more, so each has at least
/// one close contact — reported at once. Per case: POST to its first item in the feed and in the stream.
/// </summary>
internal sealed class FeedScenario(FeedOptions options, string repoRoot, string workDirectory)
{
    public const string HotelId = "bf-hotel";
    private const string HotelKey = "bench-hotel";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    public async Task<FeedResults> ExecuteAsync(CancellationToken ct)
    {
        var loadBefore = LoadAverage.Read();
        var city = City.Generate(options.City);
        Cli.CityArguments.Describe(options.City, Console.Out);
        await using var stack = await BenchStack.StartPostgresAsync(repoRoot, workDirectory, "contacttrace_feed", ct);
        stack.Postgres.Keep = options.Keep;
        try
        {
            await stack.StartHostAsync(repoRoot, workDirectory, new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["ContactTrace__ApiKeys__1__Key"] = HotelKey,
                ["ContactTrace__ApiKeys__1__Role"] = "hotel",
                ["ContactTrace__ApiKeys__1__HotelId"] = HotelId,
            }, ct);
            await CityLoader.LoadAsync(city, stack, [new Hotel(HotelId, "基准隔离点", "daoli", 100_000)], ct);
            return await MeasureAsync(city, stack, loadBefore, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"host log (last lines):\n{stack.HostLogTail()}");
            throw;
        }
    }

    private async Task<FeedResults> MeasureAsync(City city, BenchStack stack, string loadBefore, CancellationToken ct)
    {
        using var admin = new TracingClient(stack.BaseUrl, BenchStack.AdminKey, options.Concurrency + 4);
        using var hotel = new TracingClient(stack.BaseUrl, HotelKey, 4);
        var (warmup, burst) = PickCases(city);
        var watch = new CaseWatch(admin, TimeSpan.FromMilliseconds(3));
        foreach (var body in warmup)
        {
            var traced = await watch.ReportAndWaitAsync(body, TimeSpan.FromMinutes(2), ct);
            Console.WriteLine($"warm-up case {body.CaseId}: traced in {Figures.Milliseconds(traced.Elapsed.TotalMilliseconds)} (not measured)");
        }

        var clock = Stopwatch.StartNew();
        var polled = new FeedSightings(clock);
        var streamed = new FeedSightings(clock);
        var readers = new FeedReaders(hotel, HotelId, TimeSpan.FromMilliseconds(options.PollMilliseconds), polled, streamed);
        using var stopReaders = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var polling = Task.Run(() => readers.PollAsync(stopReaders.Token), stopReaders.Token);
        var streaming = Task.Run(() => readers.StreamAsync(connected, stopReaders.Token), stopReaders.Token);
        await Task.WhenAny(connected.Task, streaming).WaitAsync(TimeSpan.FromSeconds(30), ct);
        await Task.Delay(TimeSpan.FromMilliseconds(500), ct); // both readers caught up with the warm-up's items
        Console.WriteLine($"feed readers: polling every {options.PollMilliseconds} ms and streaming (hotel key for {HotelId}); {Figures.Count(polled.Items)} earlier items read");

        var machineBefore = MachineCpu.Read();
        var started = new ConcurrentDictionary<string, TimeSpan>(StringComparer.Ordinal);
        var posting = Task.Run(() => PostAsync(admin, burst, started, clock, ct), ct);
        var ids = burst.Select(b => b.CaseId).ToList();
        var timedOut = false;
        while (!(posting.IsCompleted && polled.HasAll(ids) && streamed.HasAll(ids)))
        {
            ThrowIfFailed(posting, polling, streaming);
            if (polling.IsCompleted || streaming.IsCompleted)
            {
                throw new InvalidOperationException("A feed reader stopped before every case was seen: the host closed the stream or the feed.");
            }

            if (clock.Elapsed > Timeout)
            {
                timedOut = true;
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), ct);
        }

        var allSeen = clock.Elapsed;
        var postingTime = await posting;
        var machineBusy = MachineCpu.Read().BusySince(machineBefore);
        await stopReaders.CancelAsync();
        await Quietly(polling);
        await Quietly(streaming);
        Console.WriteLine($"burst: {Figures.Count(ids.Count)} cases posted in {Figures.Seconds(postingTime)}; items seen: poll {Figures.Count(polled.Cases)} cases, stream {Figures.Count(streamed.Cases)} cases, after {Figures.Seconds(allSeen)}{(timedOut ? " — TIMED OUT" : "")}");

        var (oracle, oracleTotal) = await OracleAsync(stack, ids, ct);
        return new FeedResults(ids.Count, Since(started, polled), Since(started, streamed), polled.Items, streamed.Items, allSeen, postingTime, timedOut,
            oracle, oracleTotal, machineBusy, loadBefore, LoadAverage.Read());
    }

    /// <summary>One case per household of two or more (a housemate is a close contact), households in random order.</summary>
    private (List<CaseBody> Warmup, List<CaseBody> Burst) PickCases(City city)
    {
        var random = new Random(options.City.Seed);
        var households = city.Households.Where(h => h.PersonIds.Length >= 2).Select(h => h.PersonIds[0]).ToArray();
        random.Shuffle(households);
        if (households.Length < options.Burst + options.Warmup)
        {
            throw new Cli.UsageException($"the city has only {households.Length} households of two or more; lower --burst or raise --persons.");
        }

        var sampledAt = DateTimeOffset.UtcNow.AddHours(-1);
        var bodies = households.Take(options.Burst + options.Warmup).Select((p, i) => new CaseBody(
            i < options.Warmup ? $"bf-warmup-{i + 1:D3}" : $"bf-burst-{i - options.Warmup + 1:D5}", p, "confirmed", sampledAt)).ToList();
        return (bodies[..options.Warmup], bodies[options.Warmup..]);
    }

    private async Task<TimeSpan> PostAsync(TracingClient admin, List<CaseBody> burst, ConcurrentDictionary<string, TimeSpan> started, Stopwatch clock, CancellationToken ct)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = ct };
        var first = clock.Elapsed;
        await Parallel.ForEachAsync(burst, parallel, async (body, token) =>
        {
            started[body.CaseId] = clock.Elapsed;
            await admin.PostCaseAsync(body, token);
        });
        return clock.Elapsed - first;
    }

    /// <summary>
    /// The SQL oracle on the same cases, as many at a time as the host traces (16 by default): each case's latency
    /// runs from the start of this burst to its assignment rows committed (a plain-SQL pipeline, no hotel
    /// placement and no feed: a floor, not a like-for-like delivery).
    /// </summary>
    private async Task<(Latencies, TimeSpan)> OracleAsync(BenchStack stack, List<string> ids, CancellationToken ct)
    {
        var oracle = new OracleBaseline(stack.Data);
        await oracle.PrepareAsync(ct);
        var stored = await oracle.StoredCasesAsync([.. ids], ct);
        var latencies = new Latencies();
        var batch = await oracle.RunManyAsync(stored, options.OracleConcurrency, Timeout, latencies.Add, ct);
        Console.WriteLine($"sql: oracle trace + assignment rows for {Figures.Count(batch.Finished)}/{Figures.Count(stored.Count)} cases, {options.OracleConcurrency} at a time, in {Figures.Seconds(batch.Elapsed)}" +
            (batch.Failed > 0 ? $", {batch.Failed} failed" : "") + (batch.OutOfTime ? $" — stopped at its {Timeout.TotalMinutes:F0}-minute budget" : ""));
        return (latencies, batch.Elapsed);
    }

    private static Latencies Since(ConcurrentDictionary<string, TimeSpan> started, FeedSightings seen)
    {
        var latencies = new Latencies();
        foreach (var (caseId, at) in started)
        {
            if (seen.TryGet(caseId, out var first))
            {
                latencies.Add(first - at);
            }
        }

        return latencies;
    }

    private static void ThrowIfFailed(params Task[] tasks)
    {
        foreach (var task in tasks.Where(t => t.IsFaulted))
        {
            task.GetAwaiter().GetResult();
        }
    }

    private static async Task Quietly(Task reader)
    {
        try
        {
            await reader;
        }
        catch (OperationCanceledException)
        {
        }
        catch (HttpRequestException)
        {
        }
        catch (IOException)
        {
        }
    }
}
