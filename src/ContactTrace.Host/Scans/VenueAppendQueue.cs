using ContactTrace.Scans;
using Microsoft.Extensions.Options;

namespace ContactTrace.Host.Scans;

/// <summary>
/// Appends stored visits to the venue grains, coalescing concurrent ingest requests: visits that arrive within a
/// few milliseconds of each other go out together, one grain call per venue per flush, a bounded number at a time.
/// Each request still waits for the flush that carries its visits, so its answer means "durable and indexed".
/// </summary>
public sealed class VenueAppendQueue(IGrainFactory grains, IOptions<ScanOptions> options, ILogger<VenueAppendQueue> logger)
{
    private static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(15);

    private readonly Lock _gate = new();
    private Dictionary<string, List<Visit>> _pending = new(StringComparer.Ordinal);
    private TaskCompletionSource _flushed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _flushScheduled;

    public Task AppendAsync(IEnumerable<Scan> scans)
    {
        lock (_gate)
        {
            foreach (var scan in scans)
            {
                if (!_pending.TryGetValue(scan.VenueId, out var visits))
                {
                    _pending[scan.VenueId] = visits = [];
                }

                visits.Add(new Visit(scan.PersonId, scan.ScannedAt, scan.LeftAt));
            }

            if (!_flushScheduled)
            {
                _flushScheduled = true;
                _ = FlushAfterGatherAsync();
            }

            return _flushed.Task;
        }
    }

    private async Task FlushAfterGatherAsync()
    {
        await Task.Delay(Gather);
        Dictionary<string, List<Visit>> batch;
        TaskCompletionSource flushed;
        lock (_gate)
        {
            (batch, _pending) = (_pending, new Dictionary<string, List<Visit>>(StringComparer.Ordinal));
            (flushed, _flushed) = (_flushed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            _flushScheduled = false;
        }

        try
        {
            await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = options.Value.VenueFanOut },
                async (venue, _) => await grains.GetGrain<IVenueGrain>(venue.Key).AppendVisitsAsync([.. venue.Value]));
            flushed.SetResult();
        }
        catch (Exception exception)
        {
            // The scans are durable; a venue that missed them rebuilds from storage on its next activation.
            logger.LogWarning(exception, "Appending {Venues} venues' visits failed.", batch.Count);
            flushed.SetException(exception);
        }
    }
}
