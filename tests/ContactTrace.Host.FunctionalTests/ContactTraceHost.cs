using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace ContactTrace.Host.FunctionalTests;

/// <summary>
/// One real host (silo + API) in this process. With a connection string it runs on PostgreSQL; several hosts on
/// one database and cluster id form one Orleans cluster. Silo ports are free ports, so hosts never collide.
/// Webhooks may go to plain http on loopback, where tests run their receivers; <paramref name="configure"/> changes
/// any setting after these. With <paramref name="time"/> the domain's clock (<see cref="Clock.Key"/>) is that one,
/// e.g. a fake one a test advances.
/// </summary>
public sealed class ContactTraceHost(string? connectionString, string clusterId, Action<IWebHostBuilder>? configure = null, TimeProvider? time = null)
    : WebApplicationFactory<Program>
{
    public const string AdminKey = "test-admin-key";
    public const string TracerKey = "test-tracer-key";
    public const string ScannerKey = "test-scanner-key";
    public const string HotelKey = "test-hotel-key";
    public const string HotelKeyHotelId = "hotel-of-key";
    public const string LabKey = "test-lab-key";
    public const string PublicKey = "test-public-key";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Postgres", connectionString ?? "");
        builder.UseSetting("Cluster:ClusterId", clusterId);
        builder.UseSetting("Cluster:SiloPort", FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("ContactTrace:ApiKeys:0:Key", AdminKey);
        builder.UseSetting("ContactTrace:ApiKeys:0:Role", "admin");
        builder.UseSetting("ContactTrace:ApiKeys:1:Key", TracerKey);
        builder.UseSetting("ContactTrace:ApiKeys:1:Role", "tracer");
        builder.UseSetting("ContactTrace:ApiKeys:2:Key", ScannerKey);
        builder.UseSetting("ContactTrace:ApiKeys:2:Role", "scanner");
        builder.UseSetting("ContactTrace:ApiKeys:3:Key", HotelKey);
        builder.UseSetting("ContactTrace:ApiKeys:3:Role", "hotel");
        builder.UseSetting("ContactTrace:ApiKeys:3:HotelId", HotelKeyHotelId);
        builder.UseSetting("ContactTrace:ApiKeys:4:Key", LabKey);
        builder.UseSetting("ContactTrace:ApiKeys:4:Role", "lab");
        builder.UseSetting("ContactTrace:ApiKeys:5:Key", PublicKey);
        builder.UseSetting("ContactTrace:ApiKeys:5:Role", "public");
        if (time is not null)
        {
            builder.ConfigureTestServices(services => services.AddKeyedSingleton(Clock.Key, time));
        }

        // Tests register whole cities through one key as fast as the machine allows; on a fast machine that
        // outruns the default per-key limit. RateLimitedHost tests the limit itself.
        builder.UseSetting("ContactTrace:RateLimit:PermitsPerSecond", "1000000");
        builder.UseSetting("ContactTrace:RateLimit:Burst", "1000000");
        builder.UseSetting("ContactTrace:Reports:ReuseFor", "00:00:00"); // tests read a bulletin right after each change
        builder.UseSetting("ContactTrace:Retraces:ExtensionDelay", "00:00:00"); // and wait for extensions one at a time
        builder.UseSetting("ContactTrace:Memory:TrimWhenQuietFor", "00:00:00"); // no whole-process pause inside a test
        builder.UseSetting("ContactTrace:Webhooks:AllowHttp", "true");
        builder.UseSetting("ContactTrace:Webhooks:AllowPrivateTargets", "true");
        configure?.Invoke(builder);
    }

    public HttpClient CreateClient(string apiKey)
    {
        var client = CreateDefaultClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }
}
