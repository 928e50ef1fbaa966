using ContactTrace.Grains.Venues;

namespace ContactTrace.Grains.Tests;

/// <summary>The venue's in-memory visit index: order, duplicates, the overlap query and trimming.</summary>
public sealed class VisitIndexTests
{
    private const int Minute = 60;
    private const int Hour = 3600;

    private readonly record struct Found(int Person, int Start, int End, int OverlapFrom, int OverlapTo);

    // The window as the one source of a query, as a venue grain asks its index.
    private static List<Found> Query(VisitIndex index, int from, int to, int minOverlap = Minute)
    {
        var found = new List<Found>();
        var sources = new SourceIntervals([(0, from, to)], minOverlap);
        foreach (var (rangeFrom, rangeTo) in sources.VisitStartRanges(index.LongestStay))
        {
            index.ForEachStartingIn(rangeFrom, rangeTo, visit =>
            {
                if (sources.TryMatch(visit.Start, visit.End, out var match))
                {
                    found.Add(new Found(visit.Person, visit.Start, visit.End, match.OverlapFrom, match.OverlapTo));
                }
            });
        }

        return found;
    }

    private static List<Found> All(VisitIndex index) => Query(index, int.MinValue / 2, int.MaxValue / 2, 1);

    [Fact]
    public void VisitsAppendedInOrderAreFoundInStartOrder()
    {
        var index = new VisitIndex();
        index.Add(1, 1000, 1000 + Hour);
        index.Add(2, 2000, 2000 + Hour);
        index.Add(3, 3000, 3000 + Hour);

        var found = All(index);

        Assert.Equal(3, index.Count);
        Assert.Equal([1, 2, 3], found.Select(f => f.Person));
        Assert.Equal([1000, 2000, 3000], found.Select(f => f.Start));
    }

    [Fact]
    public void ALateVisitIsFoundInItsPlaceByStart()
    {
        var index = new VisitIndex();
        index.Add(1, 1000, 1000 + Hour);
        index.Add(3, 3000, 3000 + Hour);
        index.Add(2, 2000, 2000 + Hour);
        index.Add(0, 500, 500 + Hour);

        var found = All(index);

        Assert.Equal(4, index.Count);
        Assert.Equal([0, 1, 2, 3], found.Select(f => f.Person));
        Assert.Equal([500, 1000, 2000, 3000], found.Select(f => f.Start));
    }

    [Fact]
    public void ALateVisitIsFoundByANarrowWindowAroundIt()
    {
        var index = new VisitIndex();
        for (var i = 0; i < 100; i++)
        {
            index.Add(i, 10 * Hour + i * Minute, 10 * Hour + i * Minute + 5 * Minute);
        }

        index.Add(999, 2 * Hour, 2 * Hour + 10 * Minute);

        var found = Query(index, 2 * Hour + 5 * Minute, 2 * Hour + 6 * Minute);

        Assert.Equal([new Found(999, 2 * Hour, 2 * Hour + 10 * Minute, 2 * Hour + 5 * Minute, 2 * Hour + 6 * Minute)], found);
    }

    [Fact]
    public void TheSamePersonAtTheSameStartIsKeptOnce()
    {
        var index = new VisitIndex();
        index.Add(7, 1000, 1000 + Hour);
        index.Add(7, 1000, 1000 + Hour);

        var found = All(index);

        Assert.Equal(1, index.Count);
        Assert.Single(found);
    }

    [Fact]
    public void TheSamePersonAtAnotherStartIsASecondVisit()
    {
        var index = new VisitIndex();
        index.Add(7, 1000, 1000 + Hour);
        index.Add(7, 1001, 1001 + Hour);

        Assert.Equal(2, All(index).Count);
        Assert.Equal(2, index.Count);
    }

    [Fact]
    public void ADuplicateAmongSeveralVisitsWithTheSameStartIsKeptOnce()
    {
        var index = new VisitIndex();
        index.Add(1, 1000, 1000 + Hour);
        index.Add(2, 1000, 1000 + Hour);
        index.Add(3, 1000, 1000 + Hour);
        index.Add(1, 1000, 1000 + Hour);
        index.Add(2, 1000, 1000 + Hour);
        index.Add(3, 1000, 1000 + Hour);

        var found = All(index);

        Assert.Equal(3, index.Count);
        Assert.Equal([1, 2, 3], found.Select(f => f.Person).Order());
    }

    [Fact]
    public void DuplicatesArrivingAfterALateVisitAreKeptOnce()
    {
        var index = new VisitIndex();
        index.Add(1, 1000, 1000 + Hour);
        index.Add(2, 3000, 3000 + Hour);
        index.Add(3, 2000, 2000 + Hour); // late
        index.Add(3, 2000, 2000 + Hour); // its duplicate, at the tail
        index.Add(1, 1000, 1000 + Hour); // a duplicate of the first, now out of order
        index.Add(2, 3000, 3000 + Hour); // a duplicate of the last in order

        var found = All(index);

        Assert.Equal([1, 3, 2], found.Select(f => f.Person));
        Assert.Equal(3, index.Count);
    }

    [Fact]
    public void AReplayedBatchInAnyOrderChangesNothing()
    {
        var index = new VisitIndex();
        var visits = Enumerable.Range(0, 50).Select(i => (Person: i % 7, Start: 1000 + (i * 37 % 50) * Minute)).ToList();
        foreach (var (person, start) in visits)
        {
            index.Add(person, start, start + Hour);
        }

        var before = All(index);
        foreach (var (person, start) in Enumerable.Reverse(visits))
        {
            index.Add(person, start, start + Hour);
        }

        var after = All(index);

        Assert.Equal(visits.Distinct().Count(), before.Count);
        Assert.Equal(before, after);
        Assert.Equal(before.Count, index.Count);
    }

    [Fact]
    public void AVisitEndingWhereTheWindowStartsIsNotFound()
    {
        var index = new VisitIndex();
        index.Add(1, 1000, 2000);

        Assert.Empty(Query(index, 2000, 3000));
    }

    [Fact]
    public void AVisitStartingWhereTheWindowEndsIsNotFound()
    {
        var index = new VisitIndex();
        index.Add(1, 3000, 4000);

        Assert.Empty(Query(index, 2000, 3000));
    }

    [Fact]
    public void AVisitOverlappingByExactlyTheMinimumIsFoundWithTheOverlap()
    {
        var index = new VisitIndex();
        index.Add(1, 0, Hour);

        var found = Query(index, Hour - Minute, 2 * Hour);

        Assert.Equal([new Found(1, 0, Hour, Hour - Minute, Hour)], found);
    }

    [Fact]
    public void AVisitOverlappingByOneSecondLessThanTheMinimumIsNotFound()
    {
        var index = new VisitIndex();
        index.Add(1, 0, Hour);

        Assert.Empty(Query(index, Hour - Minute + 1, 2 * Hour));
        Assert.Empty(Query(index, -Hour, Minute - 1));
    }

    [Fact]
    public void AVisitContainingTheWindowOverlapsByTheWholeWindow()
    {
        var index = new VisitIndex();
        index.Add(1, 0, 10 * Hour);

        var found = Query(index, 2 * Hour, 3 * Hour);

        Assert.Equal([new Found(1, 0, 10 * Hour, 2 * Hour, 3 * Hour)], found);
    }

    [Fact]
    public void AVisitInsideTheWindowOverlapsByItsWholeLength()
    {
        var index = new VisitIndex();
        index.Add(1, 2 * Hour, 2 * Hour + 5 * Minute);

        var found = Query(index, Hour, 3 * Hour);

        Assert.Equal([new Found(1, 2 * Hour, 2 * Hour + 5 * Minute, 2 * Hour, 2 * Hour + 5 * Minute)], found);
    }

    [Fact]
    public void ALongStayThatStartedLongBeforeTheWindowIsFound()
    {
        var index = new VisitIndex();
        index.Add(100, 0, 24 * Hour); // a night-shift worker's whole day
        for (var i = 1; i <= 200; i++)
        {
            index.Add(i, i * 5 * Minute, i * 5 * Minute + 30 * Minute);
        }

        var found = Query(index, 20 * Hour, 20 * Hour + 10 * Minute);

        Assert.Equal([100], found.Select(f => f.Person));
        Assert.Equal(new Found(100, 0, 24 * Hour, 20 * Hour, 20 * Hour + 10 * Minute), found[0]);
    }

    [Fact]
    public void ALongStayAppendedLateIsFoundFromBeforeTheWindow()
    {
        var index = new VisitIndex();
        for (var i = 1; i <= 50; i++)
        {
            index.Add(i, 10 * Hour + i * Minute, 10 * Hour + i * Minute + 30 * Minute);
        }

        index.Add(100, Hour, 23 * Hour);

        var found = Query(index, 20 * Hour, 21 * Hour);

        Assert.Equal([100], found.Select(f => f.Person));
    }

    [Fact]
    public void OnlyTheVisitsOverlappingTheWindowAreFound()
    {
        var index = new VisitIndex();
        index.Add(1, 0, 30 * Minute);                    // ends before
        index.Add(2, 20 * Minute, 61 * Minute);          // overlaps [60, 61] minutes: one minute
        index.Add(3, 50 * Minute, 80 * Minute);          // overlaps
        index.Add(4, 90 * Minute, 95 * Minute);          // inside
        index.Add(5, 119 * Minute, 150 * Minute);        // overlaps [119, 120] minutes: one minute
        index.Add(6, 120 * Minute, 150 * Minute);        // starts at the window's end

        var found = Query(index, 60 * Minute, 120 * Minute);

        Assert.Equal([2, 3, 4, 5], found.Select(f => f.Person));
    }

    [Fact]
    public void TrimmingDropsTheVisitsThatStartedBeforeTheHorizonAndKeepsTheOnesStartingAtIt()
    {
        var index = new VisitIndex();
        index.Add(1, 1000, 1000 + Hour);
        index.Add(2, 2000, 2000 + Hour);
        index.Add(3, 3000, 3000 + Hour);

        index.TrimBefore(2000);

        Assert.Equal(2, index.Count);
        Assert.Equal([2, 3], All(index).Select(f => f.Person));
    }

    [Fact]
    public void TrimmingAfterLateAppendsDropsExactlyTheOlderVisits()
    {
        var index = new VisitIndex();
        index.Add(3, 3000, 3000 + Hour);
        index.Add(1, 1000, 1000 + Hour);
        index.Add(4, 4000, 4000 + Hour);
        index.Add(2, 2000, 2000 + Hour);

        index.TrimBefore(2500);

        Assert.Equal(2, index.Count);
        Assert.Equal([3, 4], All(index).Select(f => f.Person));
    }

    [Fact]
    public void TrimmingBeforeEveryVisitKeepsThemAll()
    {
        var index = new VisitIndex();
        index.Add(1, 1000, 1000 + Hour);
        index.Add(2, 2000, 2000 + Hour);

        index.TrimBefore(1000);

        Assert.Equal(2, index.Count);
    }

    [Fact]
    public void TrimmingPastEveryVisitEmptiesTheIndexWhichStillTakesNewVisits()
    {
        var index = new VisitIndex();
        index.Add(1, 1000, 1000 + Hour);
        index.Add(2, 2000, 2000 + Hour);

        index.TrimBefore(10_000);
        var afterTrim = index.Count;
        index.Add(3, 20_000, 20_000 + Hour);
        index.Add(3, 20_000, 20_000 + Hour);

        Assert.Equal(0, afterTrim);
        Assert.Equal(1, index.Count);
        Assert.Equal([3], All(index).Select(f => f.Person));
    }

    [Fact]
    public void TrimmingReleasesTheMemoryOfTheDroppedVisits()
    {
        var index = new VisitIndex();
        for (var i = 0; i < 1000; i++)
        {
            index.Add(i, i * Minute, i * Minute + Hour);
        }

        var before = index.AllocatedBytes;
        index.TrimBefore(990 * Minute);

        Assert.Equal(1024 * 12, before);
        Assert.Equal(10, index.Count);
        Assert.Equal(16 * 12, index.AllocatedBytes);
    }

    [Fact]
    public void ALongStayTrimmedAwayIsNoLongerFound()
    {
        var index = new VisitIndex();
        index.Add(1, 0, 24 * Hour);
        index.Add(2, 10 * Hour, 10 * Hour + Minute * 30);

        index.TrimBefore(Hour);

        Assert.Empty(Query(index, 20 * Hour, 21 * Hour));
        Assert.Equal([2], Query(index, 10 * Hour, 11 * Hour).Select(f => f.Person));
    }

    [Fact]
    public void ClearingEmptiesTheIndex()
    {
        var index = new VisitIndex();
        index.Add(1, 0, 24 * Hour);
        index.Add(2, 10, 20);

        index.Clear();

        Assert.Equal(0, index.Count);
        Assert.Empty(All(index));
    }

    [Fact]
    public void SecondsRoundTripWholeSecondInstantsWhateverTheOffset()
    {
        var utc = new DateTimeOffset(2026, 11, 20, 3, 30, 15, TimeSpan.Zero);
        var shanghai = new DateTimeOffset(2026, 11, 20, 11, 30, 15, TimeSpan.FromHours(8));

        Assert.Equal(VisitIndex.ToSeconds(utc), VisitIndex.ToSeconds(shanghai));
        Assert.Equal(utc, VisitIndex.ToTime(VisitIndex.ToSeconds(shanghai)));
        Assert.Equal(0, VisitIndex.ToSeconds(VisitIndex.Epoch));
    }
}
