using ContactTrace.Bench.Api;
using ContactTrace.Bench.Report;

namespace ContactTrace.Bench.Commands.Soak;

/// <summary>
/// The soak's scan posters, each a closed loop: the next batch of the city's live days (<see cref="LiveScans"/>), posted
/// as soon as the previous one answered — or paced to a share of <c>--scan-rate</c> — until the load stops or the
/// live days are all sent. A batch that gets no answer or a 5xx is sent again, as a scan gateway would (scan ids make
/// it harmless), up to <see cref="Attempts"/> times; a 4xx is not. Every attempt is timed and counted, and the final answer goes to the
/// ledger.
/// </summary>
internal sealed class ScanPosters(ContactTraceClient client, LiveScans scans, SoakOptions options, RequestMeter meter, ScanLedger ledger)
{
    public const int Attempts = 3;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    public async Task RunAsync(CancellationToken stop, CancellationToken abort)
    {
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(1, options.Posters)
            .Select(poster => Task.Run(() => PostAsync(poster, stop, abort), abort)));
        if (!stop.IsCancellationRequested)
        {
            Console.WriteLine($"scan posters: the live days are all sent ({Figures.Count(scans.Taken)} scans) after {Figures.Seconds(clock.Elapsed)}; no more scans until the load ends");
        }
    }

    private async Task PostAsync(int poster, CancellationToken stop, CancellationToken abort)
    {
        var clock = Stopwatch.StartNew();
        var perSecond = options.ScanRate / (double)options.Posters;
        for (var batch = 1; !stop.IsCancellationRequested; batch++)
        {
            using (var body = scans.Next(poster, batch, options.Batch))
            {
                if (body is null)
                {
                    return;
                }

                ledger.Sent(LiveScans.BatchId(poster, batch), body.Count, await SendAsync(body, abort));
            }

            if (perSecond > 0 && TimeSpan.FromSeconds(batch * options.Batch / perSecond) - clock.Elapsed is { } ahead && ahead > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(ahead, stop);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    private async Task<Acknowledgement?> SendAsync(Posting.ScanBatch body, CancellationToken abort)
    {
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            try
            {
                var answer = await meter.TimeAsync(RequestKind.ScanPost, () => client.PostScansAsync(body, abort), abort);
                meter.AddScans(answer.Accepted, answer.Duplicates);
                return new Acknowledgement(answer.Accepted, answer.Duplicates, answer.Rejected?.Count ?? 0);
            }
            catch (Exception e) when (RequestMeter.IsAnswer(e, abort))
            {
                if (e is ApiException { Status: < System.Net.HttpStatusCode.InternalServerError })
                {
                    return null; // the host refused the batch: sending it again would not change that
                }

                if (attempt < Attempts)
                {
                    await Task.Delay(RetryDelay, abort);
                }
            }
        }

        return null;
    }
}
