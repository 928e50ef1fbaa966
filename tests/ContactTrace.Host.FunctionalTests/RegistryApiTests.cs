namespace ContactTrace.Host.FunctionalTests;

public sealed class RegistryApiTests(PostgresHostFixture fixture) : IClassFixture<PostgresHostFixture>
{
    private HttpClient Admin => fixture.Host.CreateClient(ContactTraceHost.AdminKey);

    [Fact]
    public async Task PersonIsRegisteredAndReadBack()
    {
        var ct = TestContext.Current.CancellationToken;

        // Act
        var put = await Admin.PutAsJsonAsync("/api/persons/p-reg-1", new { district = "nangang", householdId = "h-9", name = "王五" }, ct);
        var get = await fixture.Host.CreateClient(ContactTraceHost.TracerKey).GetAsync("/api/persons/p-reg-1", ct);

        // Assert
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        var person = await Json.ReadAsync(get);
        Assert.Equal("p-reg-1", person.GetProperty("personId").GetString());
        Assert.Equal("nangang", person.GetProperty("district").GetString());
        Assert.Equal("h-9", person.GetProperty("householdId").GetString());
        Assert.Equal("none", person.GetProperty("management").GetProperty("category").GetString());
        Assert.Equal("green", person.GetProperty("healthCode").GetString());
    }

    [Theory]
    [InlineData("""{"district":"atlantis"}""", "district")]
    [InlineData("""{}""", "district")]
    [InlineData("""{"district":"daoli","householdId":"bad id"}""", "householdId")]
    [InlineData("""{"district":42}""", "district")]
    [InlineData("""{"district":"daoli",""", "body")]
    public async Task InvalidPersonBodyGets400NamingTheField(string body, string field)
    {
        var response = await Admin.PutAsync("/api/persons/p-invalid", Json.Raw(body), TestContext.Current.CancellationToken);

        await AssertProblemNamesAsync(response, field);
        var read = await Admin.GetAsync("/api/persons/p-invalid", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Fact]
    public async Task InvalidPersonIdInPathGets400NamingIt()
    {
        var response = await Admin.PutAsync("/api/persons/bad%20id", Json.Raw("""{"district":"daoli"}"""), TestContext.Current.CancellationToken);

        await AssertProblemNamesAsync(response, "personId");
    }

    [Theory]
    [InlineData("""{"name":"Bus 12","district":"daoli","kind":"spaceship"}""", "kind")]
    [InlineData("""{"district":"daoli","kind":"bus"}""", "name")]
    [InlineData("""{"name":"Bus 12","kind":"bus"}""", "district")]
    public async Task InvalidVenueBodyGets400NamingTheField(string body, string field)
    {
        var response = await Admin.PutAsync("/api/venues/v-invalid", Json.Raw(body), TestContext.Current.CancellationToken);

        await AssertProblemNamesAsync(response, field);
    }

    [Theory]
    [InlineData("""{"name":"H","district":"daoli","capacity":0}""", "capacity")]
    [InlineData("""{"name":"H","district":"daoli","capacity":-5}""", "capacity")]
    [InlineData("""{"name":"H","district":"daoli","capacity":"many"}""", "capacity")]
    [InlineData("""{"name":"H","district":"daoli"}""", "capacity")]
    [InlineData("""{"name":"H","district":"daoli","capacity":99999999999999999999}""", "capacity")]
    public async Task InvalidHotelBodyGets400NamingTheField(string body, string field)
    {
        var response = await Admin.PutAsync("/api/hotels/h-invalid", Json.Raw(body), TestContext.Current.CancellationToken);

        await AssertProblemNamesAsync(response, field);
    }

    [Fact]
    public async Task VenueAndHotelAreRegistered()
    {
        var ct = TestContext.Current.CancellationToken;

        var venue = await Admin.PutAsJsonAsync("/api/venues/v-reg-1", new { name = "华梅西餐厅", district = "daoli", kind = "restaurant" }, ct);
        var hotel = await Admin.PutAsJsonAsync("/api/hotels/h-reg-1", new { name = "香坊隔离点", district = "xiangfang", capacity = 200 }, ct);
        var hotelRead = await Json.ReadAsync(await Admin.GetAsync("/api/hotels/h-reg-1", ct));

        Assert.Equal(HttpStatusCode.OK, venue.StatusCode);
        Assert.Equal("close", (await Json.ReadAsync(venue)).GetProperty("venueClass").GetString());
        Assert.Equal(HttpStatusCode.OK, hotel.StatusCode);
        Assert.Equal(200, hotelRead.GetProperty("capacity").GetInt32());
        Assert.Equal(0, hotelRead.GetProperty("occupied").GetInt32());
        Assert.Equal(0, hotelRead.GetProperty("awaiting").GetInt32());
    }

    private static async Task AssertProblemNamesAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await Json.ReadAsync(response);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"expected an error for '{field}', got {problem}");
    }
}
