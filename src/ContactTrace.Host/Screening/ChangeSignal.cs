namespace ContactTrace.Host.Screening;

/// <summary>One wake-up: whoever waits is woken by the next <see cref="Signal"/> (from a NOTIFY or an in-memory store's event).</summary>
public sealed class ChangeSignal
{
    private TaskCompletionSource _changed = NewSource();

    public Task WaitAsync() => Volatile.Read(ref _changed).Task;

    public void Signal() => Interlocked.Exchange(ref _changed, NewSource()).TrySetResult();

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>
/// What the screening services wait on: <see cref="Work"/> — persons were marked or cases queued for a follow-up
/// (the scheduler); <see cref="Codes"/> — the health-code feed grew (the in-memory board and the feed's streams).
/// </summary>
public sealed class ScreeningSignals
{
    public ChangeSignal Work { get; } = new();

    public ChangeSignal Codes { get; } = new();
}
