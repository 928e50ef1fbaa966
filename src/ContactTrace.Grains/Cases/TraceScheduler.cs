using System.Diagnostics.Metrics;

namespace ContactTrace.Grains.Cases;

/// <summary>Which part of a trace wants a slot: tier 1 (close contacts, what hotels wait for) goes first.</summary>
public enum TracePhase
{
    TierOne,
    TierTwo,
}

/// <summary>
/// The silo's trace slots: at most <c>concurrency</c> trace phases run at once, off the grains' turns, on the
/// thread pool. Waiting tier-1 phases are served before waiting tier-2 ones, and tier 2 never holds every slot, so a
/// burst of cases gets every close contact to the hotels before anyone's contacts of contacts are computed. The
/// queue itself is not durable — the case grains' state is — so it is a bound on work, not a record of it.
/// </summary>
public sealed class TraceScheduler
{
    private static int s_queued;
    private static int s_running;

    private readonly Lock _gate = new();
    private readonly Queue<TaskCompletionSource> _tierOne = new();
    private readonly Queue<TaskCompletionSource> _tierTwo = new();
    private readonly int _concurrency;
    private readonly int _tierTwoLimit;
    private int _running;
    private int _runningTierTwo;

    static TraceScheduler()
    {
        ContactTraceTelemetry.Meter.CreateObservableGauge("contacttrace.trace.queue", () => Volatile.Read(ref s_queued),
            description: "Trace phases waiting for a slot on this silo.");
        ContactTraceTelemetry.Meter.CreateObservableGauge("contacttrace.trace.running", () => Volatile.Read(ref s_running),
            description: "Trace phases running on this silo.");
    }

    public TraceScheduler(int concurrency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        _concurrency = concurrency;
        _tierTwoLimit = concurrency > 1 ? concurrency - 1 : 1;
    }

    /// <summary>
    /// Waits for a slot, calls <paramref name="started"/> on the caller's scheduler, then runs <paramref name="work"/>
    /// on the thread pool; the slot is released however the work ends.
    /// </summary>
    public async Task<T> RunAsync<T>(TracePhase phase, Func<Task<T>> work, Action? started = null)
    {
        await WaitAsync(phase);
        try
        {
            started?.Invoke();
            return await Task.Run(work);
        }
        finally
        {
            Release(phase);
        }
    }

    private Task WaitAsync(TracePhase phase)
    {
        lock (_gate)
        {
            if (CanStart(phase))
            {
                Start(phase);
                return Task.CompletedTask;
            }

            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            (phase == TracePhase.TierOne ? _tierOne : _tierTwo).Enqueue(waiter);
            Interlocked.Increment(ref s_queued);
            return waiter.Task;
        }
    }

    private void Release(TracePhase phase)
    {
        var next = new List<TaskCompletionSource>(2);
        lock (_gate)
        {
            _running--;
            Interlocked.Decrement(ref s_running);
            if (phase == TracePhase.TierTwo)
            {
                _runningTierTwo--;
            }

            // Tier 1 first; tier 2 only while it would leave a slot for tier 1.
            while (_tierOne.Count > 0 && CanStart(TracePhase.TierOne))
            {
                next.Add(Dequeue(_tierOne, TracePhase.TierOne));
            }

            while (_tierTwo.Count > 0 && CanStart(TracePhase.TierTwo))
            {
                next.Add(Dequeue(_tierTwo, TracePhase.TierTwo));
            }
        }

        foreach (var waiter in next)
        {
            waiter.SetResult();
        }
    }

    private bool CanStart(TracePhase phase) =>
        _running < _concurrency && (phase == TracePhase.TierOne || _runningTierTwo < _tierTwoLimit);

    private TaskCompletionSource Dequeue(Queue<TaskCompletionSource> queue, TracePhase phase)
    {
        Interlocked.Decrement(ref s_queued);
        Start(phase);
        return queue.Dequeue();
    }

    private void Start(TracePhase phase)
    {
        _running++;
        Interlocked.Increment(ref s_running);
        if (phase == TracePhase.TierTwo)
        {
            _runningTierTwo++;
        }
    }
}
