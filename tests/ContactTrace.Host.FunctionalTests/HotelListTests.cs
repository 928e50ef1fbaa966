namespace ContactTrace.Host.FunctionalTests;

/// <summary>
/// <c>GET /api/hotels</c>, the console's hotel page, on its own database: a registered hotel takes waiting people,
/// which would change the waiting lists that <see cref="TracingWorkApiTests"/> checks.
/// </summary>
public sealed class HotelListTests(PostgresHostFixture fixture) : IClassFixture<PostgresHostFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheHotelListShowsEachHotelsRoomsAndTheirOccupancy()
    {
        var hotel = $"hotel-{Guid.NewGuid():N}"[..20];
        var put = await fixture.Host.CreateClient(ContactTraceHost.AdminKey).PutAsJsonAsync($"/api/hotels/{hotel}", new { name = "松北隔离点", district = "songbei", capacity = 12 }, Ct);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        // Act
        var response = await fixture.Host.CreateClient(ContactTraceHost.TracerKey).GetAsync("/api/hotels", Ct);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var item = Assert.Single((await Json.ReadAsync(response)).GetProperty("items").EnumerateArray(), h => h.GetProperty("hotelId").GetString() == hotel);
        Assert.Equal(("松北隔离点", "songbei", 12, 0),
            (item.GetProperty("name").GetString(), item.GetProperty("district").GetString(), item.GetProperty("capacity").GetInt32(), item.GetProperty("occupied").GetInt32()));
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Host.CreateClient(ContactTraceHost.HotelKey).GetAsync("/api/hotels", Ct)).StatusCode);
    }
}
