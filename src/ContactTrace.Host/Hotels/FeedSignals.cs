namespace ContactTrace.Host.Hotels;

/// <summary>
/// Wakes whoever waits for a hotel's feed to grow (server-sent event streams) when this silo learns it did,
/// from PostgreSQL's NOTIFY or the in-memory store's event.
/// </summary>
public sealed class FeedSignals
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiters = new(StringComparer.Ordinal);

    public Task WaitAsync(string hotelId) =>
        _waiters.GetOrAdd(hotelId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Signal(string hotelId)
    {
        if (_waiters.TryRemove(hotelId, out var waiter))
        {
            waiter.TrySetResult();
        }
    }
}
