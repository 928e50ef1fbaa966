using System.Diagnostics;

namespace ContactTrace.TestSupport;

/// <summary>
/// Waiting for what the system does in the background (a trace, a placement, a delivery), the one way every test
/// project does it: poll, at most for a stated time, and say what never happened.
/// </summary>
public static class Poll
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Whether <paramref name="condition"/> holds within <paramref name="timeout"/> (for tests that report before they assert).</summary>
    public static async Task<bool> HoldsWithinAsync(
        Func<Task<bool>> condition, TimeSpan timeout, CancellationToken cancellationToken = default, TimeSpan? interval = null)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(interval ?? DefaultInterval, cancellationToken);
        }

        return true;
    }

    /// <summary>Waits until <paramref name="condition"/> holds; fails naming <paramref name="what"/> when it does not within <paramref name="timeout"/>.</summary>
    public static async Task UntilAsync(
        Func<Task<bool>> condition, TimeSpan timeout, string what, CancellationToken cancellationToken = default, TimeSpan? interval = null)
    {
        if (!await HoldsWithinAsync(condition, timeout, cancellationToken, interval))
        {
            throw new TimeoutException($"Waited {timeout.TotalSeconds:0} s in vain until {what}.");
        }
    }

    /// <summary>
    /// Reads until <paramref name="done"/> holds for what was read, and returns it; fails naming <paramref name="what"/>
    /// and the last value read when it does not within <paramref name="timeout"/>.
    /// </summary>
    public static async Task<T> UntilAsync<T>(
        Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, string what, CancellationToken cancellationToken = default, TimeSpan? interval = null)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (waited.Elapsed > timeout)
            {
                throw new TimeoutException($"{what}: still {value} after {timeout.TotalSeconds:0} s.");
            }

            await Task.Delay(interval ?? DefaultInterval, cancellationToken);
        }
    }
}
