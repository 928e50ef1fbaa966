namespace ContactTrace.Host.Memory;

/// <summary>
/// Tells from the process's running total of allocated bytes when a busy spell has given way to a quiet one long
/// enough to trim: true once per quiet spell, after <c>quietFor</c> of allocating less than
/// <see cref="QuietBytesPerSecond"/>; any busier sample starts a new spell. Samples carry monotonic elapsed time, so
/// a step of the wall clock neither fakes a quiet minute nor postpones one.
/// </summary>
internal sealed class QuietSpell(TimeSpan quietFor)
{
    /// <summary>
    /// 1 MiB/s: an idle host (timers, the trace dispatcher's polls, metrics) allocates a few hundred KiB a second;
    /// ingesting scans or tracing a case allocates tens of MiB a second.
    /// </summary>
    public const long QuietBytesPerSecond = 1 << 20;

    private (TimeSpan At, long Allocated)? _last;
    private TimeSpan? _quietSince;
    private bool _trimmed = true;

    /// <summary>
    /// Records a sample taken <paramref name="elapsed"/> after some fixed start; true when the quiet spell it belongs
    /// to has lasted long enough and was not trimmed yet. A sample not later than the one before is ignored.
    /// </summary>
    public bool Observe(TimeSpan elapsed, long allocatedBytes)
    {
        var previous = _last;
        if (previous is { } last && elapsed <= last.At)
        {
            return false;
        }

        _last = (elapsed, allocatedBytes);
        if (previous is not { } before)
        {
            return false;
        }

        var bytesPerSecond = (allocatedBytes - before.Allocated) / (elapsed - before.At).TotalSeconds;
        if (bytesPerSecond >= QuietBytesPerSecond)
        {
            // Busy: whatever it allocated is worth trimming once it goes quiet again.
            _quietSince = null;
            _trimmed = false;
            return false;
        }

        _quietSince ??= before.At;
        if (_trimmed || elapsed - _quietSince.Value < quietFor)
        {
            return false;
        }

        _trimmed = true;
        return true;
    }
}
