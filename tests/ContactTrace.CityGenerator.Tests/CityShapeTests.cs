namespace ContactTrace.CityGenerator.Tests;

public sealed class CityShapeTests
{
    private readonly City _city = Cities.SmallCity;

    [Fact]
    public void MeanHouseholdSizeIsAboutTwoPointSix()
    {
        var mean = (double)_city.Persons.Count / _city.Households.Count;

        Assert.InRange(mean, 2.4, 2.8);
        Assert.All(_city.Households, h => Assert.InRange(h.PersonIds.Length, 1, 6));
    }

    [Fact]
    public void HouseholdMembersShareTheHouseholdsDistrict()
    {
        var persons = _city.Persons.ToDictionary(p => p.PersonId);

        Assert.All(_city.Households.Take(500), household => Assert.All(household.PersonIds, id =>
        {
            Assert.Equal(household.HouseholdId, persons[id].HouseholdId);
            Assert.Equal(household.District, persons[id].District);
        }));
        Assert.Equal(_city.Persons.Count, _city.Households.Sum(h => h.PersonIds.Length));
    }

    [Fact]
    public void EveryDistrictHasResidentsVenuesAndHotels()
    {
        var codes = Districts.All.Select(d => d.Code).ToHashSet();

        Assert.Equal(codes, _city.Persons.Select(p => p.District).ToHashSet());
        Assert.Equal(codes, _city.Venues.Select(v => v.District).ToHashSet());
        Assert.Equal(codes, _city.Hotels.Select(h => h.District).ToHashSet());
    }

    [Fact]
    public void MainUrbanDistrictsHoldMostResidents()
    {
        var mainUrban = Districts.All.Where(d => d.IsMainUrban).Select(d => d.Code).ToHashSet();

        var share = (double)_city.Persons.Count(p => mainUrban.Contains(p.District)) / _city.Persons.Count;

        Assert.InRange(share, 0.5, 0.65);
    }

    [Fact]
    public void EveryVenueKindIsPresentAndEveryIdAndNameIsValid()
    {
        Assert.Equal(VenueKinds.All.ToHashSet(), _city.Venues.Select(v => v.Kind).ToHashSet());
        Assert.Equal(_city.Parameters.Persons / 50, _city.Venues.Length);
        Assert.All(_city.Venues, v => Assert.True(Ids.IsValid(v.VenueId) && v.Name.Length is > 0 and <= 200));
        Assert.All(_city.Persons.Take(1000), p => Assert.True(Ids.IsValid(p.PersonId) && Ids.IsValid(p.HouseholdId)));
        Assert.Equal("p0000123", _city.Persons[123].PersonId);
        Assert.Equal("v00012", _city.Venues[12].VenueId);
    }

    [Fact]
    public void VisitsAreSkewedTowardsAFewBusyVenues()
    {
        var visits = _city.ScansOfDay(0).CountBy(s => s.VenueId).Select(g => g.Value).OrderDescending().ToList();

        var topFivePercent = visits.Take(_city.Venues.Length / 20).Sum();
        var median = visits[visits.Count / 2];

        // Evenly spread they would get 5%; Zipf-like popularity gives them several times that.
        Assert.True(topFivePercent > 0.2 * visits.Sum(), $"the busiest 5% of venues get {topFivePercent} of {visits.Sum()} visits");
        Assert.True(visits[0] > 10 * median, $"busiest venue {visits[0]} visits, median {median}");
    }

    [Fact]
    public void BusiestVenuesAreMarketsSupermarketsStationsOrBuses()
    {
        var busyKinds = new HashSet<string> { "market", "supermarket", "station", "bus", "mall" };
        var kindOf = _city.Venues.ToDictionary(v => v.VenueId, v => v.Kind);

        var busiest = _city.ScansOfDay(0).CountBy(s => s.VenueId).OrderByDescending(g => g.Value).Take(10).ToList();

        Assert.Contains(kindOf[busiest[0].Key], busyKinds);
        Assert.True(busiest.Count(g => busyKinds.Contains(kindOf[g.Key])) >= 6, string.Join(", ", busiest.Select(g => kindOf[g.Key])));
    }
}
