using Orleans;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace ContactTrace.Host.FunctionalTests;

/// <summary>Hosts that stop and start, and hosts side by side, on one real PostgreSQL database.</summary>
public sealed class DurabilityTests
{
    [Fact]
    public async Task PersonWrittenOnPostgresSurvivesAHostRestart()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await PostgresServer.CreateDatabaseAsync("restart");
        var clusterId = $"restart-{Guid.NewGuid():N}";

        await using (var first = new ContactTraceHost(connectionString, clusterId))
        {
            var put = await first.CreateClient(ContactTraceHost.AdminKey)
                .PutAsJsonAsync("/api/persons/p-durable", new { district = "songbei", householdId = "h-durable" }, ct);
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        // Act
        await using var second = new ContactTraceHost(connectionString, clusterId);
        var get = await second.CreateClient(ContactTraceHost.TracerKey).GetAsync("/api/persons/p-durable", ct);

        // Assert
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        var person = await Json.ReadAsync(get);
        Assert.Equal("songbei", person.GetProperty("district").GetString());
        Assert.Equal("h-durable", person.GetProperty("householdId").GetString());
    }

    [Fact]
    public async Task TwoSilosOnOneDatabaseFormOneClusterAndBothAnswer()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await PostgresServer.CreateDatabaseAsync("cluster");
        var clusterId = $"pair-{Guid.NewGuid():N}";
        await using var a = new ContactTraceHost(connectionString, clusterId);
        _ = a.Server;
        await using var b = new ContactTraceHost(connectionString, clusterId);
        _ = b.Server;

        // Act
        var put = await a.CreateClient(ContactTraceHost.AdminKey)
            .PutAsJsonAsync("/api/hotels/h-shared", new { name = "共享", district = "daowai", capacity = 30 }, ct);
        var get = await b.CreateClient(ContactTraceHost.TracerKey).GetAsync("/api/hotels/h-shared", ct);
        var hosts = await ActiveSilosAsync(b, 2, ct);

        // Assert
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(30, (await Json.ReadAsync(get)).GetProperty("capacity").GetInt32());
        Assert.Equal(2, hosts);
    }

    [Fact]
    public async Task EmbeddedDefaultAnswersWithoutAnyDatabase()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = new ContactTraceHost(connectionString: null, clusterId: "embedded");

        var ready = await host.CreateDefaultClient().GetAsync("/health/ready", ct);
        var put = await host.CreateClient(ContactTraceHost.AdminKey).PutAsJsonAsync("/api/persons/p-mem", new { district = "hulan" }, ct);
        var get = await host.CreateClient(ContactTraceHost.TracerKey).GetAsync("/api/persons/p-mem", ct);

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("hulan", (await Json.ReadAsync(get)).GetProperty("district").GetString());
    }

    // Membership converges within a few seconds of the second silo joining; poll instead of sleeping blindly.
    private static async Task<int> ActiveSilosAsync(ContactTraceHost host, int expected, CancellationToken ct)
    {
        var management = host.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        var active = 0;
        for (var attempt = 0; attempt < 60 && active < expected; attempt++)
        {
            active = (await management.GetHosts(onlyActive: true)).Count;
            if (active < expected)
            {
                await Task.Delay(500, ct);
            }
        }

        return active;
    }
}
