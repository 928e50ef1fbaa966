namespace ContactTrace.CityGenerator.Tests;

public sealed class ScanStreamTests
{
    private readonly City _city = Cities.SmallCity;

    [Fact]
    public void EveryPersonScansAsOftenAsAskedEveryDay()
    {
        var perPersonDay = _city.Scans()
            .CountBy(s => (s.PersonId, Day: CityClock.LocalDate(s.ScannedAt)))
            .ToList();

        Assert.Equal(_city.Parameters.Persons * _city.Parameters.Days, perPersonDay.Count);
        Assert.All(perPersonDay, g => Assert.Equal(_city.Parameters.ScansPerDay, g.Value));
        Assert.Equal(_city.ScanCount, _city.Scans().LongCount());
    }

    [Fact]
    public void ScansComeInTimeOrderWithinLocalOpeningHours()
    {
        DateTimeOffset previous = default;
        foreach (var scan in _city.Scans())
        {
            Assert.True(scan.ScannedAt >= previous, $"{scan.ScanId} at {scan.ScannedAt} comes after {previous}");
            var local = TimeOnly.FromTimeSpan(scan.ScannedAt.ToOffset(CityClock.LocalOffset).TimeOfDay);
            Assert.InRange(local, CityClock.Opens, CityClock.Closes);
            Assert.Equal(TimeSpan.Zero, scan.ScannedAt.Offset);
            previous = scan.ScannedAt;
        }

        Assert.Equal(_city.Parameters.StartDate, CityClock.LocalDate(_city.Scans().First().ScannedAt));
    }

    [Fact]
    public void ScanIdsAreUniqueAndRunInStreamOrder()
    {
        var ids = _city.Scans().Select(s => s.ScanId).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal("s0000000000", ids[0]);
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
    }

    [Fact]
    public void AboutThirtyPercentOfScansHaveALeftAtFiveToHundredTwentyMinutesLater()
    {
        var scans = _city.ScansOfDay(0).ToList();
        var withLeftAt = scans.Where(s => s.LeftAt is not null).ToList();

        Assert.InRange((double)withLeftAt.Count / scans.Count, 0.28, 0.32);
        Assert.All(withLeftAt, s => Assert.InRange((s.LeftAt!.Value - s.ScannedAt).TotalMinutes, 5, 120));
    }

    [Fact]
    public void MostScansAreInThePersonsOwnDistrict()
    {
        var personDistrict = _city.Persons.ToDictionary(p => p.PersonId, p => p.District);
        var venueDistrict = _city.Venues.ToDictionary(v => v.VenueId, v => v.District);
        var scans = _city.ScansOfDay(0).ToList();

        var own = scans.Count(s => personDistrict[s.PersonId] == venueDistrict[s.VenueId]);

        Assert.True(own > 0.7 * scans.Count, $"{own} of {scans.Count} scans in the own district");
    }

    [Fact]
    public void ScansReferOnlyToTheCitysPersonsAndVenues()
    {
        var venues = _city.Venues.Select(v => v.VenueId).ToHashSet();

        Assert.All(_city.ScansOfDay(1), s =>
        {
            Assert.Contains(s.VenueId, venues);
            Assert.True(int.Parse(s.PersonId.AsSpan(1)) < _city.Parameters.Persons);
        });
    }
}
