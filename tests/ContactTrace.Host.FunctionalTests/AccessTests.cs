namespace ContactTrace.Host.FunctionalTests;

public sealed class AccessTests(PostgresHostFixture fixture) : IClassFixture<PostgresHostFixture>
{
    [Fact]
    public async Task RequestWithoutKeyGets401Problem()
    {
        var client = fixture.Host.CreateDefaultClient();

        // Act
        var response = await client.GetAsync("/api/persons/p-1", TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task RequestWithUnknownKeyGets401()
    {
        var client = fixture.Host.CreateClient("not-a-key");

        var response = await client.PutAsJsonAsync("/api/persons/p-1", new { district = "daoli" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData(ContactTraceHost.ScannerKey)]
    [InlineData(ContactTraceHost.TracerKey)]
    [InlineData(ContactTraceHost.HotelKey)]
    public async Task RegistryWritesNeedTheAdminRole(string key)
    {
        var client = fixture.Host.CreateClient(key);

        var response = await client.PutAsJsonAsync("/api/persons/p-denied", new { district = "daoli" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var admin = fixture.Host.CreateClient(ContactTraceHost.AdminKey);
        var read = await admin.GetAsync("/api/persons/p-denied", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Fact]
    public async Task ScannerCannotReadPersons()
    {
        var client = fixture.Host.CreateClient(ContactTraceHost.ScannerKey);

        var response = await client.GetAsync("/api/persons/p-1", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task HotelKeySeesItsOwnHotelOnly()
    {
        var admin = fixture.Host.CreateClient(ContactTraceHost.AdminKey);
        var hotel = fixture.Host.CreateClient(ContactTraceHost.HotelKey);
        var ct = TestContext.Current.CancellationToken;
        await admin.PutAsJsonAsync($"/api/hotels/{ContactTraceHost.HotelKeyHotelId}", new { name = "A", district = "daoli", capacity = 10 }, ct);
        await admin.PutAsJsonAsync("/api/hotels/another-hotel", new { name = "B", district = "daoli", capacity = 10 }, ct);

        var own = await hotel.GetAsync($"/api/hotels/{ContactTraceHost.HotelKeyHotelId}", ct);
        var other = await hotel.GetAsync("/api/hotels/another-hotel", ct);

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal("hotelId", (await Json.ReadAsync(other)).GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/metrics")]
    public async Task OperationalEndpointsAnswerWithoutKey(string path)
    {
        var client = fixture.Host.CreateDefaultClient();

        var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
