namespace ContactTrace.Grains;

/// <summary>
/// A grain's background run that goes at most once at a time: <see cref="Kick"/> starts it, or, while it runs, asks
/// for one more pass, so a burst of kicks costs a few passes rather than one each. It runs on the grain's scheduler,
/// off the turn that kicked it, pass after pass while a pass says there is more or a kick came in meanwhile. An
/// exception ends the run (reported to <c>failed</c>; the grain's timer or next kick starts it again), and so does
/// the stop token, quietly (the activation is going away).
/// </summary>
internal sealed class RunLoop(Func<CancellationToken, Task<bool>> pass, Action<Exception> failed, Action? finished = null)
{
    private bool _kicked;

    /// <summary>The run under way, or a completed task when there is none.</summary>
    public Task Running { get; private set; } = Task.CompletedTask;

    /// <summary>Set before the run starts, so that a kick from within its first, synchronous steps starts no second run.</summary>
    public bool IsRunning { get; private set; }

    public void Kick(CancellationToken stop = default)
    {
        _kicked = true;
        if (!IsRunning && !stop.IsCancellationRequested)
        {
            IsRunning = true;
            Running = RunAsync(stop);
        }
    }

    private async Task RunAsync(CancellationToken stop)
    {
        try
        {
            while (_kicked && !stop.IsCancellationRequested)
            {
                _kicked = false;
                if (await pass(stop))
                {
                    _kicked = true;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped: whoever runs next resumes from what is stored.
        }
        catch (Exception exception)
        {
            failed(exception);
        }
        finally
        {
            IsRunning = false;
            finished?.Invoke();
        }
    }
}
