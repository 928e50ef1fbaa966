namespace ContactTrace.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class RegistryGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task PersonProfileIsKeptAndWrittenToTheRegistryRows()
    {
        var personId = $"p-{Guid.NewGuid():N}";
        var profile = new PersonProfile("nangang", "h-17", "张三", "13800000000");

        await fixture.Grains.GetGrain<IPersonGrain>(personId).SetProfileAsync(profile);
        var person = await fixture.Grains.GetGrain<IPersonGrain>(personId).GetAsync();

        Assert.NotNull(person);
        Assert.Equal(profile, person.Profile);
        Assert.Equal(ManagementCategory.None, person.Management.Category);
        Assert.Equal(profile, fixture.Registry.Persons[personId]);
    }

    [Fact]
    public async Task UnregisteredPersonIsNull()
    {
        var person = await fixture.Grains.GetGrain<IPersonGrain>($"p-{Guid.NewGuid():N}").GetAsync();

        Assert.Null(person);
    }

    [Fact]
    public async Task VenueProfileCarriesItsClass()
    {
        var venueId = $"v-{Guid.NewGuid():N}";
        await fixture.Grains.GetGrain<IVenueGrain>(venueId).SetProfileAsync(new VenueProfile("老鼎丰", "daoli", "restaurant"));

        var venue = await fixture.Grains.GetGrain<IVenueGrain>(venueId).GetProfileAsync();

        Assert.NotNull(venue);
        Assert.Equal(VenueClass.Close, venue.Class);
        Assert.Equal("daoli", fixture.Registry.Venues[venueId].District);
    }

    [Fact]
    public async Task HotelStartsEmptyWithItsCapacity()
    {
        var hotelId = $"h-{Guid.NewGuid():N}";
        await fixture.Grains.GetGrain<IHotelGrain>(hotelId).SetProfileAsync(new HotelProfile("松北隔离点", "songbei", 120));

        var hotel = await fixture.Grains.GetGrain<IHotelGrain>(hotelId).GetAsync();

        Assert.NotNull(hotel);
        Assert.Equal(120, hotel.Profile.Capacity);
        Assert.Equal(0, hotel.Occupied);
        Assert.Equal(0, hotel.Awaiting);
    }
}
