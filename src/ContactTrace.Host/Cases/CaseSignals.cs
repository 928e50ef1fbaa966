namespace ContactTrace.Host.Cases;

/// <summary>Wakes the case streams when this silo learns that cases changed (PostgreSQL's NOTIFY or the in-memory twin's event).</summary>
public sealed class CaseSignals
{
    private TaskCompletionSource _changed = NewSource();

    public Task WaitAsync() => Volatile.Read(ref _changed).Task;

    public void Signal() => Interlocked.Exchange(ref _changed, NewSource()).TrySetResult();

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
