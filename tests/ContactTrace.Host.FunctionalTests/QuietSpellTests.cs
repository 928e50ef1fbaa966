using ContactTrace.Host.Memory;

namespace ContactTrace.Host.FunctionalTests;

/// <summary>
/// When the host trims its memory (the rule alone): once after a busy spell has given way to <c>TrimWhenQuietFor</c>
/// of quiet, not while busy, not twice in the same quiet, not before anything was busy, and not on samples whose
/// time does not move forward.
/// </summary>
public sealed class QuietSpellTests
{
    private const long Busy = 50L << 20;
    private const long Idle = 200L << 10;

    /// <summary>Feeds one sample every 5 s, each adding its phase's bytes per second; returns the seconds at which it said "trim".</summary>
    private static List<int> TrimsAt(QuietSpell spell, params (int Seconds, long BytesPerSecond)[] phases)
    {
        var trims = new List<int>();
        var (second, allocated) = (0, 0L);
        spell.Observe(TimeSpan.Zero, allocated);
        foreach (var (seconds, rate) in phases)
        {
            for (var end = second + seconds; second < end;)
            {
                second += 5;
                allocated += rate * 5;
                if (spell.Observe(TimeSpan.FromSeconds(second), allocated))
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

    [Fact]
    public void ASampleThatDoesNotMoveForwardIsIgnored()
    {
        var spell = new QuietSpell(TimeSpan.FromSeconds(10));
        spell.Observe(TimeSpan.Zero, 0);
        spell.Observe(TimeSpan.FromSeconds(5), Busy * 5);

        // The same moment again, then an earlier one, each with far more allocated: neither makes a rate, so the
        // next sample is measured from second 5 and is busy; the quiet starts only after it.
        Assert.False(spell.Observe(TimeSpan.FromSeconds(5), Busy * 100));
        Assert.False(spell.Observe(TimeSpan.FromSeconds(1), Busy * 100));
        var trims = new[] { 10, 15, 20, 25 }.Select(t => spell.Observe(TimeSpan.FromSeconds(t), Busy * 100 + t)).ToList();

        Assert.Equal([false, false, true, false], trims);
    }
}
