namespace ContactTrace.Grains.Cases;

/// <summary>
/// Bounds how many traces run at once on this silo, so that a burst of reported cases queues instead of
/// exhausting the database's connections; each trace already fans out internally.
/// </summary>
public sealed class TraceThrottle(int concurrency)
{
    private readonly SemaphoreSlim _slots = new(concurrency, concurrency);

    public Task WaitAsync() => _slots.WaitAsync();

    public void Release() => _slots.Release();
}
