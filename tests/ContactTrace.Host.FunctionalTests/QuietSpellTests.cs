using ContactTrace.Host.Memory;

namespace ContactTrace.Host.FunctionalTests;

/// <summary>
/// When the host trims its memory: once after a busy spell has given way to <c>TrimWhenQuietFor</c> of quiet, not while
/// busy, not twice in the same quiet, and not at start-up before anything was busy.
/// </summary>
public sealed class QuietSpellTests
{
    private const long Busy = 50L << 20;
    private const long Idle = 200L << 10;

    private static readonly DateTimeOffset Start = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);

    /// <summary>Feeds one sample every 5 s, each adding the given bytes per second; returns the seconds at which it said "trim".</summary>
    private static List<int> TrimsAt(QuietSpell spell, params (int Seconds, long BytesPerSecond)[] spells)
    {
        var trims = new List<int>();
        var (second, allocated) = (0, 0L);
        spell.Observe(Start, allocated);
        foreach (var (seconds, rate) in spells)
        {
            for (var end = second + seconds; second < end;)
            {
                second += 5;
                allocated += rate * 5;
                if (spell.Observe(Start.AddSeconds(second), allocated))
                {
                    trims.Add(second);
                }
            }
        }

        return trims;
    }

    [Fact]
    public void ABusySpellFollowedByAMinuteOfQuietTrimsOnceAtTheMinute()
    {
        var trims = TrimsAt(new QuietSpell(TimeSpan.FromMinutes(1)), (120, Busy), (300, Idle));

        Assert.Equal([180], trims);
    }

    [Fact]
    public void QuietShorterThanTheSpellDoesNotTrimAndBusinessRestartsTheWait()
    {
        var trims = TrimsAt(new QuietSpell(TimeSpan.FromMinutes(1)), (60, Busy), (40, Idle), (10, Busy), (55, Idle), (10, Busy), (60, Idle));

        Assert.Equal([235], trims);
    }

    [Fact]
    public void EachBusySpellIsTrimmedAfterItsOwnQuiet()
    {
        var trims = TrimsAt(new QuietSpell(TimeSpan.FromSeconds(30)), (20, Busy), (60, Idle), (20, Busy), (60, Idle));

        Assert.Equal([50, 130], trims);
    }

    [Fact]
    public void AHostThatWasNeverBusyIsNeverTrimmed()
    {
        var trims = TrimsAt(new QuietSpell(TimeSpan.FromSeconds(30)), (600, Idle));

        Assert.Empty(trims);
    }
}
