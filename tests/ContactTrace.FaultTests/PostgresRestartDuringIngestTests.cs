using System.Collections.Concurrent;
using System.Net.Http.Headers;

namespace ContactTrace.FaultTests;

/// <summary>
/// Fault 2: PostgreSQL restarted in immediate mode (every backend killed, crash recovery) in the middle of an ingest
/// run whose client retries every failed batch. Every scan acknowledged is stored exactly once, and the host comes
/// back by itself: later batches succeed and it reports ready again, with no restart of its own.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class PostgresRestartDuringIngestTests
{
    private const int Scans = 200_000;
    private const int BatchSize = 5_000;
    private const int Workers = 2;
    private const int Venues = 200;
    private static readonly TimeSpan RetryDeadline = TimeSpan.FromSeconds(120);

    [Fact(Timeout = 300_000)]
    public async Task EveryAcknowledgedScanIsStoredExactlyOnceAcrossAnImmediateRestartOfPostgres()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var postgres = await PrivatePostgres.StartAsync();
        var connectionString = await postgres.CreateDatabaseAsync("ingest");
        await using var cluster = await FaultCluster.CreateAsync("pgrestart", connectionString);
        var silo = (await cluster.StartSilosAsync(1, ct))[0];
        using var client = cluster.Client(silo);
        Report.Line($"private PostgreSQL in {postgres.Directory}; host {silo.Name} pid {silo.Pid} ready (log {silo.LogPath})");

        var venueIds = Enumerable.Range(0, Venues).Select(v => $"ing-v{v}").ToList();
        await Parallel.ForEachAsync(venueIds, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (venueId, token) =>
            await Api.PutAsync(client, $"/api/venues/{venueId}", new { name = venueId, district = "daoli", kind = venueId.EndsWith('0') ? "supermarket" : "restaurant" }, token));
        var first = DateTimeOffset.UtcNow.AddHours(-40);
        var step = TimeSpan.FromHours(39).Ticks / Scans;
        var batches = Enumerable.Range(0, Scans)
            .Select(i => new ScanRecord($"ing-s{i}", $"ing-p{i % 20_000}", venueIds[i % Venues], first.AddTicks(step * i), null))
            .Chunk(BatchSize)
            .Select((scans, b) => new Batch(b, scans.Length, JsonSerializer.SerializeToUtf8Bytes(scans.Select(s => s.Body()))))
            .ToList();

        // Act: two workers post the batches, each retried until acknowledged; PostgreSQL restarts once a quarter is in.
        var queue = new ConcurrentQueue<Batch>(batches);
        var outcomes = new ConcurrentBag<Outcome>();
        var failures = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var restartAt = TimeSpan.Zero;
        var restartFor = TimeSpan.Zero;
        var restartEnded = DateTimeOffset.MaxValue;
        var run = Stopwatch.StartNew();
        var restart = Task.Run(async () =>
        {
            while (outcomes.Count < batches.Count / 4)
            {
                await Task.Delay(10, ct);
            }

            restartAt = run.Elapsed;
            await postgres.RestartImmediateAsync();
            restartFor = run.Elapsed - restartAt;
            restartEnded = DateTimeOffset.UtcNow;
        }, ct);
        var workers = Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            while (queue.TryDequeue(out var batch))
            {
                outcomes.Add(await PostUntilAcknowledgedAsync(client, batch, failures, ct));
            }
        }, ct)).ToList();
        await Task.WhenAll(workers);
        await restart;
        var ingestTook = run.Elapsed;
        Report.Line($"{batches.Count} batches of {BatchSize} acknowledged in {ingestTook.TotalSeconds:0.0} s; PostgreSQL restarted (immediate) " +
            $"{restartAt.TotalSeconds:0.0} s into the run, back after {restartFor.TotalSeconds:0.0} s; " +
            $"failed attempts retried: {failures.Values.Sum()} ({string.Join(", ", failures.Select(f => $"{f.Key} ×{f.Value}"))})");

        var readyAgain = await Api.EventuallyAsync(() => silo.IsReadyAsync(ct), TimeSpan.FromSeconds(30), ct);
        var again = await PostUntilAcknowledgedAsync(client, batches[0], failures, ct);

        // Assert
        var accepted = outcomes.Sum(o => o.Accepted);
        var duplicates = outcomes.Sum(o => o.Duplicates);
        var retried = outcomes.Where(o => o.Attempts > 1).ToList();
        var afterRestart = outcomes.Count(o => o.AcknowledgedAt > restartEnded);
        var stored = await Sql.ScalarAsync(cluster.Database, "SELECT count(*) FROM scans", ct);
        var distinct = await Sql.ScalarAsync(cluster.Database, "SELECT count(DISTINCT scan_id) FROM scans", ct);
        Report.Line($"acknowledged {outcomes.Count} batches = {accepted + duplicates} scans: {accepted} accepted + {duplicates} duplicates " +
            $"(duplicates: retries of attempts that had committed before they failed); {retried.Count} batches needed a retry, {afterRestart} were acknowledged after the restart");
        Report.Line($"SQL: {stored} scans stored, {distinct} distinct scan ids; re-posting batch 0 afterwards: {again.Accepted} accepted, {again.Duplicates} duplicates; /health/ready 200 again: {readyAgain}; host pid {silo.Pid} still running: {!silo.HasExited}");

        Assert.True(failures.Values.Sum() > 0, "No batch failed: the restart did not overlap the ingest run, so this run proves nothing.");
        Assert.Equal(batches.Count, outcomes.Count);
        Assert.All(outcomes, o => Assert.Equal(o.Size, o.Accepted + o.Duplicates));
        Assert.Equal(Scans, accepted + duplicates);
        Assert.Equal(Scans, stored);
        Assert.Equal(Scans, distinct);
        await Sql.AssertNoneAsync(cluster.Database, "scan ids stored twice",
            "SELECT scan_id, count(*) FROM scans GROUP BY scan_id HAVING count(*) > 1 LIMIT 20", ct);
        await Sql.AssertNoneAsync(cluster.Database, "acknowledged scan ids missing from storage",
            "SELECT 'ing-s' || i FROM generate_series(0, $1 - 1) AS i WHERE NOT EXISTS (SELECT 1 FROM scans WHERE scan_id = 'ing-s' || i) LIMIT 20", ct, Scans);
        Assert.True(afterRestart > 0, "No batch was acknowledged after PostgreSQL came back.");
        Assert.True(readyAgain, "/health/ready did not answer 200 within 30 s of the ingest run.");
        Assert.Equal((0, BatchSize), (again.Accepted, again.Duplicates));
        Assert.False(silo.HasExited, "The host exited: it was meant to recover without a restart of its own.");

        cluster.Passed();
    }

    private static async Task<Outcome> PostUntilAcknowledgedAsync(HttpClient client, Batch batch, ConcurrentDictionary<string, int> failures, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            string failure;
            try
            {
                using var content = new ByteArrayContent(batch.Json);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var response = await client.PostAsync("/api/scans", content, ct);
                var text = await response.Content.ReadAsStringAsync(ct);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    var body = JsonDocument.Parse(text).RootElement;
                    var rejected = body.GetProperty("rejected").GetArrayLength();
                    Assert.True(rejected == 0, $"batch {batch.Number}: {rejected} scans rejected: {text[..Math.Min(text.Length, 500)]}");
                    return new Outcome(batch.Number, batch.Size, body.GetProperty("accepted").GetInt32(), body.GetProperty("duplicates").GetInt32(), attempt, DateTimeOffset.UtcNow);
                }

                Assert.True((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests,
                    $"batch {batch.Number}: {(int)response.StatusCode} is not a retryable answer: {text[..Math.Min(text.Length, 500)]}");
                failure = $"HTTP {(int)response.StatusCode}";
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                failure = exception.GetType().Name;
            }

            failures.AddOrUpdate(failure, 1, (_, n) => n + 1);
            Assert.True(watch.Elapsed < RetryDeadline, $"batch {batch.Number} was still failing ({failure}) after {RetryDeadline.TotalSeconds:0} s of retries");
            await Task.Delay(200, ct);
        }
    }

    private sealed record class Batch(int Number, int Size, byte[] Json);

    private sealed record class Outcome(int Batch, int Size, int Accepted, int Duplicates, int Attempts, DateTimeOffset AcknowledgedAt);
}
