using System.Text.Json.Nodes;
using ContactTrace.Host.Auth;
using ContactTrace.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ContactTrace.Host.FunctionalTests;

/// <summary>
/// The published development keys work only in an explicit Development run: <c>dotnet run</c>'s default launch
/// profile keeps the environment the user set, a Production host does not know them, and a host configured with
/// one outside Development refuses it.
/// </summary>
public sealed class LaunchProfileTests
{
    private static readonly string[] DevelopmentKeys = ["dev-admin-key", "dev-tracer-key", "dev-scanner-key", "dev-hotel-key"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void DotnetRunsDefaultProfileLeavesTheEnvironmentToTheUser()
    {
        // Arrange
        var path = Path.Combine(KubernetesManifests.RepositoryRoot, "src", "ContactTrace.Host", "Properties", "launchSettings.json");
        var profiles = JsonNode.Parse(File.ReadAllText(path))!["profiles"]!.AsObject().ToList();

        // Act: dotnet run without --launch-profile applies the first profile
        var (name, profile) = profiles[0];
        var variables = profile!["environmentVariables"]?.AsObject().Select(v => v.Key).ToList() ?? [];

        // Assert
        Assert.DoesNotContain("ASPNETCORE_ENVIRONMENT", variables);
        Assert.DoesNotContain("DOTNET_ENVIRONMENT", variables);
        Assert.Contains(profiles, p => p.Key == "development"
            && (string?)p.Value!["environmentVariables"]?["ASPNETCORE_ENVIRONMENT"] == Environments.Development);
        Assert.NotEqual("development", name);
    }

    [Fact]
    public async Task AProductionHostDoesNotAcceptTheDevelopmentKeys()
    {
        // Arrange
        await using var host = new ContactTraceHost(null, $"launch-{Guid.NewGuid():N}");
        await using var production = host.WithWebHostBuilder(b => b.UseEnvironment(Environments.Production));

        foreach (var key in DevelopmentKeys)
        {
            using var client = production.CreateDefaultClient();
            client.DefaultRequestHeaders.Add("X-Api-Key", key);

            // Act
            using var response = await client.GetAsync("/api/policy", Ct);

            // Assert
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    [InlineData("Testing")]
    public void ADevelopmentKeyConfiguredOutsideDevelopmentIsRefused(string environmentName)
    {
        // Arrange
        var options = Options.Create(new ContactTraceOptions { ApiKeys = [new ApiKeyConfiguration { Key = "dev-admin-key", Role = Roles.Admin }] });
        var environment = new HostingEnvironment { EnvironmentName = environmentName };

        // Act
        var refused = Assert.Throws<OptionsValidationException>(() => new ApiKeyStore(options, new InMemoryAccessStore(), environment, NullLogger<ApiKeyStore>.Instance));

        // Assert
        Assert.Contains("ContactTrace:ApiKeys:0", refused.Message, StringComparison.Ordinal);
        Assert.Contains(environmentName, refused.Message, StringComparison.Ordinal);
        _ = new ApiKeyStore(options, new InMemoryAccessStore(), new HostingEnvironment { EnvironmentName = Environments.Development }, NullLogger<ApiKeyStore>.Instance);
    }
}
