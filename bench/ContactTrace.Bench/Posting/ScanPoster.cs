using System.Net;
using System.Threading.Channels;
using ContactTrace.Bench.Api;

namespace ContactTrace.Bench.Posting;

/// <summary>
/// Posts batches with a fixed number of concurrent clients. One producer fills a small bounded channel, so at
/// most a few bodies wait in memory; each client takes the next body as soon as its previous request answered.
/// Transient failures (connection errors, 502/503/504) are retried: scan ids make a retry harmless.
/// </summary>
internal sealed class ScanPoster(ContactTraceClient client, int clients)
{
    private const int MaxAttempts = 4;

    public async Task<PostingResult> PostAsync(
        IEnumerable<ScanBatch> batches, long expectedScans, string label, CancellationToken ct)
    {
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var channel = Channel.CreateBounded<ScanBatch>(new BoundedChannelOptions(clients * 2) { SingleWriter = true });
        var totals = new PostingTotals();
        var clock = Stopwatch.StartNew();
        var producer = CancelAllOnFailureAsync(Task.Run(() => ProduceAsync(batches, channel.Writer, failed.Token), failed.Token), failed);
        var consumers = Enumerable.Range(0, clients)
            .Select(_ => CancelAllOnFailureAsync(Task.Run(() => ConsumeAsync(channel.Reader, totals, failed.Token), failed.Token), failed));
        var work = Task.WhenAll([producer, .. consumers]);
        await using (ProgressReporter.Start(label, totals, expectedScans, clock))
        {
            await ThrowFirstFailureAsync(work);
        }

        return PostingResult.From(totals, clock.Elapsed);
    }

    /// <summary>
    /// The first failure cancels every other task: otherwise the producer would wait forever on a full channel
    /// that no client reads any more, and the others would keep posting to a host that is failing.
    /// </summary>
    private static async Task CancelAllOnFailureAsync(Task task, CancellationTokenSource failed)
    {
        try
        {
            await task;
        }
        catch
        {
            await failed.CancelAsync();
            throw;
        }
    }

    /// <summary>Surfaces the failure that started it all rather than the cancellations it caused.</summary>
    private static async Task ThrowFirstFailureAsync(Task work)
    {
        try
        {
            await work;
        }
        catch (Exception) when (work.Exception?.InnerExceptions.FirstOrDefault(e => e is not OperationCanceledException) is { } cause)
        {
            throw cause;
        }
    }

    private static async Task ProduceAsync(IEnumerable<ScanBatch> batches, ChannelWriter<ScanBatch> writer, CancellationToken ct)
    {
        try
        {
            foreach (var batch in batches)
            {
                await writer.WriteAsync(batch, ct);
            }
        }
        finally
        {
            writer.TryComplete();
        }
    }

    private async Task ConsumeAsync(ChannelReader<ScanBatch> reader, PostingTotals totals, CancellationToken ct)
    {
        await foreach (var batch in reader.ReadAllAsync(ct))
        {
            using (batch)
            {
                var started = Stopwatch.GetTimestamp();
                var answer = await PostWithRetriesAsync(batch, totals, ct);
                totals.Add(batch.Count, answer, Stopwatch.GetElapsedTime(started));
            }
        }
    }

    private async Task<ScanBatchAnswer> PostWithRetriesAsync(ScanBatch batch, PostingTotals totals, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await client.PostScansAsync(batch, ct);
            }
            catch (Exception e) when (attempt < MaxAttempts && IsTransient(e) && !ct.IsCancellationRequested)
            {
                totals.AddRetry();
                await Task.Delay(TimeSpan.FromSeconds(attempt), ct);
            }
        }
    }

    private static bool IsTransient(Exception e) => e switch
    {
        ApiException api => api.IsTransient,
        HttpRequestException http => http.StatusCode is null or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable,
        _ => false,
    };
}
