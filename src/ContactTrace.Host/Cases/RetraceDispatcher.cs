using ContactTrace.Cases;
using Microsoft.Extensions.Options;

namespace ContactTrace.Host.Cases;

/// <summary>
/// Hands recorded re-trace requests to their case grains, a batch at a time: woken at once when this silo records
/// some, and every few seconds for those other silos recorded or a crash left claimed. A request is removed only
/// after its grain has recorded it durably, so a silo dying in between hands it out again after the lease.
/// </summary>
public sealed class RetraceDispatcher(
    ITraceRequests requests, IGrainFactory grains, IOptions<RetraceOptions> options, ILogger<RetraceDispatcher> logger) : BackgroundService
{
    private const int BatchSize = 200;
    private const int GrainFanOut = 32;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _signal = new(0, 1);

    /// <summary>Wakes the dispatcher: requests were just recorded.</summary>
    public void Signal()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one wake-up takes every request there is.
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Dispatch)
        {
            logger.LogWarning("Re-trace dispatch is off on this silo (ContactTrace:Retraces:Dispatch); requests recorded here wait for another silo.");
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await DispatchOnceAsync(stoppingToken) == BatchSize)
                {
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Dispatching re-trace requests failed; retrying shortly.");
            }

            await _signal.WaitAsync(Poll, stoppingToken);
        }
    }

    private async Task<int> DispatchOnceAsync(CancellationToken cancellationToken)
    {
        var claimed = await requests.ClaimAsync(BatchSize, Lease, options.Value.ExtensionDelay, cancellationToken);
        if (claimed.Count == 0)
        {
            return 0;
        }

        var done = new List<TraceRequest>(claimed.Count);
        await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = GrainFanOut, CancellationToken = cancellationToken }, async (request, _) =>
        {
            try
            {
                var grain = grains.GetGrain<ICaseGrain>(request.CaseId);
                await (request.Persons is { } closeContacts ? grain.ExtendAsync(closeContacts) : grain.RetraceAsync());
                lock (done)
                {
                    done.Add(request);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Left claimed: handed out again when the lease runs out.
                logger.LogWarning(exception, "Case {CaseId} did not take its re-trace request; it is retried.", request.CaseId);
            }
        });
        await requests.CompleteAsync(done, cancellationToken);
        return claimed.Count;
    }
}
