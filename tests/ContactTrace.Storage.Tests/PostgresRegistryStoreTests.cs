namespace ContactTrace.Storage.Tests;

public sealed class PostgresRegistryStoreTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task UpsertingAPersonTwiceKeepsOneRowWithTheLatestProfile()
    {
        var store = new PostgresRegistryStore(database.DataSource);
        var personId = $"p-{Guid.NewGuid():N}";

        await store.UpsertPersonAsync(personId, new PersonProfile("daoli", "h-1", null, null), TestContext.Current.CancellationToken);
        await store.UpsertPersonAsync(personId, new PersonProfile("nangang", "h-2", "李四", null), TestContext.Current.CancellationToken);

        Assert.Equal(1, await database.ScalarAsync<long>("SELECT count(*) FROM persons WHERE person_id = $1", personId));
        Assert.Equal("nangang", await database.ScalarAsync<string>("SELECT district FROM persons WHERE person_id = $1", personId));
        Assert.Equal("h-2", await database.ScalarAsync<string>("SELECT household_id FROM persons WHERE person_id = $1", personId));
    }

    [Fact]
    public async Task VenuesAndHotelsAreUpserted()
    {
        var store = new PostgresRegistryStore(database.DataSource);
        var id = $"x-{Guid.NewGuid():N}";

        await store.UpsertVenueAsync(id, new VenueProfile("浴池", "daowai", "bath-house"), TestContext.Current.CancellationToken);
        await store.UpsertHotelAsync(id, new HotelProfile("隔离点", "daowai", 80), TestContext.Current.CancellationToken);
        await store.UpsertHotelAsync(id, new HotelProfile("隔离点", "daowai", 90), TestContext.Current.CancellationToken);

        Assert.Equal("bath-house", await database.ScalarAsync<string>("SELECT kind FROM venues WHERE venue_id = $1", id));
        Assert.Equal(90, await database.ScalarAsync<int>("SELECT capacity FROM hotels WHERE hotel_id = $1", id));
    }
}
