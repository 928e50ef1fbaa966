using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ContactTrace.Host.FunctionalTests;

/// <summary>
/// <c>/openapi/v1.json</c> against the endpoints the host really maps: every <c>/api</c> route and method is in it,
/// behind the declared <c>X-Api-Key</c> scheme, with 401, 403 and 429 among its answers, every parameter described,
/// and 404/409 wherever the handler answers them.
/// </summary>
public sealed class OpenApiDocumentTests(PostgresHostFixture fixture) : IClassFixture<PostgresHostFixture>
{
    // Routes with an id that answer for an unknown one with something else than 404: registrations create it, and a
    // person's exposures are an empty list.
    private static readonly HashSet<string> NoNotFound = new(StringComparer.Ordinal)
    {
        "PUT /api/persons/{personId}", "PUT /api/venues/{venueId}", "PUT /api/hotels/{hotelId}", "GET /api/persons/{personId}/exposures",
        "GET /api/health-codes/{personId}", "PUT /api/zones/{zoneId}", "GET /api/venues/{venueId}/actions",
    };

    private static readonly HashSet<string> Conflicts = new(StringComparer.Ordinal)
    {
        "POST /api/cases", "POST /api/assignments/{assignmentId}/check-in", "POST /api/assignments/{assignmentId}/check-out",
        "POST /api/cases/{caseId}/withdrawal", "PUT /api/zones/{zoneId}", "POST /api/self-reports", "POST /api/self-reports/{reportId}/confirm",
        "POST /api/self-reports/{reportId}/dismiss", "POST /api/venues/{venueId}/actions/{caseId}/close", "POST /api/venues/{venueId}/actions/{caseId}/reopen",
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<JsonElement> DocumentAsync()
    {
        var response = await fixture.Host.CreateDefaultClient().GetAsync("/openapi/v1.json", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Json.ReadAsync(response);
    }

    /// <summary>Every mapped API endpoint as "METHOD /path", the path as OpenAPI writes it.</summary>
    private IEnumerable<(string Method, string Path)> MappedApi() =>
        fixture.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("api/", StringComparison.Ordinal) == true)
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [], (e, method) => (method, "/" + e.RoutePattern.RawText!.Trim('/')));

    [Fact]
    public async Task TheApiKeySchemeIsDeclared()
    {
        var scheme = (await DocumentAsync()).GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");

        Assert.Equal(("apiKey", "header", "X-Api-Key"),
            (scheme.GetProperty("type").GetString(), scheme.GetProperty("in").GetString(), scheme.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task EveryMappedEndpointIsDocumentedWithItsKeyItsRefusalsAndDescribedParameters()
    {
        var paths = (await DocumentAsync()).GetProperty("paths");
        var mapped = MappedApi().ToList();
        Assert.True(mapped.Count >= 28, $"only {mapped.Count} endpoints found");

        var problems = new List<string>();
        foreach (var (method, path) in mapped)
        {
            var route = $"{method} {path}";
            if (!paths.TryGetProperty(path, out var item) || !item.TryGetProperty(method.ToLowerInvariant(), out var operation))
            {
                problems.Add($"{route} is not in the document");
                continue;
            }

            var responses = operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToHashSet();
            if (!operation.TryGetProperty("security", out var security) || !security.EnumerateArray().Any(s => s.TryGetProperty("ApiKey", out _)))
            {
                problems.Add($"{route} names no X-Api-Key");
            }

            if (!responses.IsSupersetOf(["401", "403", "429"]))
            {
                problems.Add($"{route} lists {string.Join(", ", responses)}");
            }

            foreach (var parameter in operation.TryGetProperty("parameters", out var parameters) ? parameters.EnumerateArray() : Enumerable.Empty<JsonElement>())
            {
                if (!parameter.TryGetProperty("description", out var description) || description.GetString() is not { Length: > 0 })
                {
                    problems.Add($"{route}: parameter {parameter.GetProperty("name")} has no description");
                }
            }

            if ((path.Contains('{', StringComparison.Ordinal) && !NoNotFound.Contains(route)) != responses.Contains("404"))
            {
                problems.Add($"{route}: 404 listed {responses.Contains("404")}");
            }

            if (Conflicts.Contains(route) != responses.Contains("409"))
            {
                problems.Add($"{route}: 409 listed {responses.Contains("409")}");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task ACaseListsWhatItCanAnswer()
    {
        var responses = (await DocumentAsync()).GetProperty("paths").GetProperty("/api/cases/{caseId}").GetProperty("get").GetProperty("responses");

        Assert.Equal(["200", "400", "401", "403", "404", "429"], responses.EnumerateObject().Select(r => r.Name).Order(StringComparer.Ordinal));
    }
}
