using ContactTrace.Scans;

namespace ContactTrace.Domain.Tests;

/// <summary>The co-presence rule of DESIGN.md at the edges of its intervals.</summary>
public sealed class PresenceTests
{
    private static readonly TimeSpan OneMinute = TimeSpan.FromMinutes(1);

    private static DateTimeOffset At(int hour, int minute, int second = 0) => new(2026, 11, 20, hour, minute, second, TimeSpan.Zero);

    [Fact]
    public void TouchingIntervalsOverlapByNothingAndAreNoExposure()
    {
        var overlap = Presence.Overlap(At(10, 0), At(10, 30), At(10, 30), At(11, 0));
        var reversed = Presence.Overlap(At(10, 30), At(11, 0), At(10, 0), At(10, 30));

        Assert.Equal(TimeSpan.Zero, overlap);
        Assert.Equal(TimeSpan.Zero, reversed);
        Assert.False(Presence.IsExposure(At(10, 0), At(10, 30), At(10, 30), At(11, 0), OneMinute));
        Assert.False(Presence.IsExposure(At(10, 30), At(11, 0), At(10, 0), At(10, 30), OneMinute));
    }

    [Fact]
    public void TouchingIntervalsAreNoExposureEvenWithoutAMinimumOverlap()
    {
        Assert.False(Presence.IsExposure(At(10, 0), At(10, 30), At(10, 30), At(11, 0), TimeSpan.Zero));
    }

    [Fact]
    public void DisjointIntervalsOverlapByNothing()
    {
        Assert.Equal(TimeSpan.Zero, Presence.Overlap(At(10, 0), At(10, 30), At(12, 0), At(13, 0)));
        Assert.False(Presence.IsExposure(At(12, 0), At(13, 0), At(10, 0), At(10, 30), OneMinute));
    }

    [Fact]
    public void ExactlyOneMinuteOfOverlapIsAnExposureAtAOneMinuteMinimum()
    {
        var overlap = Presence.Overlap(At(10, 0), At(10, 30), At(10, 29), At(11, 0));

        Assert.Equal(OneMinute, overlap);
        Assert.True(Presence.IsExposure(At(10, 0), At(10, 30), At(10, 29), At(11, 0), OneMinute));
        Assert.True(Presence.IsExposure(At(10, 29), At(11, 0), At(10, 0), At(10, 30), OneMinute));
    }

    [Fact]
    public void FiftyNineSecondsOfOverlapIsNoExposureAtAOneMinuteMinimum()
    {
        var overlap = Presence.Overlap(At(10, 0), At(10, 30), At(10, 29, 1), At(11, 0));

        Assert.Equal(TimeSpan.FromSeconds(59), overlap);
        Assert.False(Presence.IsExposure(At(10, 0), At(10, 30), At(10, 29, 1), At(11, 0), OneMinute));
        Assert.False(Presence.IsExposure(At(10, 29, 1), At(11, 0), At(10, 0), At(10, 30), OneMinute));
    }

    [Fact]
    public void AContainedIntervalOverlapsByItsWholeLengthEitherWayRound()
    {
        var inner = Presence.Overlap(At(10, 0), At(12, 0), At(10, 30), At(10, 45));
        var outer = Presence.Overlap(At(10, 30), At(10, 45), At(10, 0), At(12, 0));

        Assert.Equal(TimeSpan.FromMinutes(15), inner);
        Assert.Equal(TimeSpan.FromMinutes(15), outer);
        Assert.True(Presence.IsExposure(At(10, 30), At(10, 45), At(10, 0), At(12, 0), OneMinute));
    }

    [Fact]
    public void IdenticalIntervalsOverlapByTheirLength()
    {
        Assert.Equal(TimeSpan.FromMinutes(30), Presence.Overlap(At(10, 0), At(10, 30), At(10, 0), At(10, 30)));
    }

    [Fact]
    public void OverlapIsMeasuredOnInstantsWhateverTheOffsets()
    {
        var shanghai = TimeSpan.FromHours(8);
        var aFrom = new DateTimeOffset(2026, 11, 20, 18, 0, 0, shanghai); // 10:00Z
        var aTo = new DateTimeOffset(2026, 11, 20, 18, 30, 0, shanghai); // 10:30Z

        Assert.Equal(OneMinute, Presence.Overlap(aFrom, aTo, At(10, 29), At(11, 0)));
        Assert.Equal(TimeSpan.Zero, Presence.Overlap(aFrom, aTo, At(10, 30), At(11, 0)));
    }

    [Fact]
    public void AnExplicitLeftAtEndsThePresenceInsteadOfTheDwell()
    {
        var end = Presence.End(At(10, 0), At(10, 5), TimeSpan.FromMinutes(60));

        Assert.Equal(At(10, 5), end);
    }

    [Fact]
    public void WithoutLeftAtThePresenceLastsTheDwell()
    {
        Assert.Equal(At(11, 0), Presence.End(At(10, 0), null, TimeSpan.FromMinutes(60)));
        Assert.Equal(At(10, 30), Presence.End(At(10, 0), null, TimeSpan.FromMinutes(30)));
    }

    [Fact]
    public void AnEarlyLeftAtTurnsWhatTheDwellWouldCallAnExposureIntoNone()
    {
        var dwell = TimeSpan.FromMinutes(60);
        var leftEarly = Presence.End(At(10, 0), At(10, 5), dwell);
        var stayedTheDwell = Presence.End(At(10, 0), null, dwell);

        Assert.False(Presence.IsExposure(At(10, 0), leftEarly, At(10, 5), At(10, 35), OneMinute));
        Assert.True(Presence.IsExposure(At(10, 0), stayedTheDwell, At(10, 5), At(10, 35), OneMinute));
    }

    [Fact]
    public void ALateLeftAtExtendsThePresenceBeyondTheDwell()
    {
        var end = Presence.End(At(10, 0), At(13, 0), TimeSpan.FromMinutes(30));

        Assert.Equal(At(13, 0), end);
        Assert.True(Presence.IsExposure(At(10, 0), end, At(12, 0), At(12, 30), OneMinute));
    }
}
