namespace ContactTrace.CityGenerator.Tests;

public sealed class CityParametersTests
{
    [Fact]
    public void DefaultsFollowThePersons()
    {
        var parameters = new CityParameters { Persons = 200_000, Days = 4, ScansPerDay = 5 };

        Assert.Equal(4_000, parameters.VenueCount);
        Assert.Equal(50, parameters.HotelCount);
        Assert.Equal(4_000_000, parameters.TotalScans);
    }

    [Theory]
    [InlineData(0, 1, 1)]
    [InlineData(100, 0, 1)]
    [InlineData(100, 1, 0)]
    [InlineData(100, 1, 101)]
    public void ImpossibleCitiesAreRefused(int persons, int days, int scansPerDay)
    {
        var parameters = new CityParameters { Persons = persons, Days = days, ScansPerDay = scansPerDay };

        Assert.Throws<ArgumentOutOfRangeException>(() => City.Generate(parameters));
    }

    [Fact]
    public void ATinyCityStillHasEveryKindAndDistrict()
    {
        var city = City.Generate(new CityParameters { Persons = 50, Seed = 7 });

        Assert.Equal(VenueKinds.All.Count, city.Venues.Select(v => v.Kind).Distinct().Count());
        Assert.Equal(Districts.All.Length, city.Venues.Select(v => v.District).Distinct().Count());
        Assert.Equal(50, city.Scans().Select(s => s.PersonId).Distinct().Count());
    }
}
