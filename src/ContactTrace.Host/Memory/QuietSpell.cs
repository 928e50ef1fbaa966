namespace ContactTrace.Host.Memory;

/// <summary>
/// Tells from the process's running total of allocated bytes when a busy spell has given way to a quiet one long
/// enough to trim: true once per quiet spell, after <c>quietFor</c> of allocating less than
/// <see cref="QuietBytesPerSecond"/>; any busier sample starts a new spell.
/// </summary>
internal sealed class QuietSpell(TimeSpan quietFor)
{
    /// <summary>
    /// 1 MiB/s: an idle host (timers, the trace dispatcher's polls, metrics) allocates a few hundred KiB a second;
    /// ingesting scans or tracing a case allocates tens of MiB a second.
    /// </summary>
    public const long QuietBytesPerSecond = 1 << 20;

    private (DateTimeOffset At, long Allocated)? _last;
    private DateTimeOffset? _quietSince;
    private bool _trimmed = true;

    /// <summary>Records a sample; true when the quiet spell it belongs to has lasted long enough and was not trimmed yet.</summary>
    public bool Observe(DateTimeOffset at, long allocatedBytes)
    {
        var last = _last;
        _last = (at, allocatedBytes);
        if (last is not { } previous || at <= previous.At)
        {
            return false;
        }

        var bytesPerSecond = (allocatedBytes - previous.Allocated) / (at - previous.At).TotalSeconds;
        if (bytesPerSecond >= QuietBytesPerSecond)
        {
            // Busy: whatever it allocated is worth trimming once it goes quiet again.
            _quietSince = null;
            _trimmed = false;
            return false;
        }

        _quietSince ??= previous.At;
        if (_trimmed || at - _quietSince.Value < quietFor)
        {
            return false;
        }

        _trimmed = true;
        return true;
    }
}
