using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ContactTrace.Host.FunctionalTests;

/// <summary>
/// A host like <see cref="ContactTraceHost"/>, with the same keys, whose per-key token bucket is tiny: one permit a
/// second and a burst of two, so that a test reaches the limit with a handful of requests.
/// </summary>
public sealed class RateLimitedHost(string connectionString, string clusterId) : WebApplicationFactory<Program>
{
    public const int PermitsPerSecond = 1;
    public const int Burst = 2;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Postgres", connectionString);
        builder.UseSetting("Cluster:ClusterId", clusterId);
        builder.UseSetting("Cluster:SiloPort", FreePorts.Next().ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("ContactTrace:ApiKeys:0:Key", ContactTraceHost.AdminKey);
        builder.UseSetting("ContactTrace:ApiKeys:0:Role", "admin");
        builder.UseSetting("ContactTrace:ApiKeys:1:Key", ContactTraceHost.TracerKey);
        builder.UseSetting("ContactTrace:ApiKeys:1:Role", "tracer");
        builder.UseSetting("ContactTrace:RateLimit:PermitsPerSecond", PermitsPerSecond.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("ContactTrace:RateLimit:Burst", Burst.ToString(CultureInfo.InvariantCulture));
    }

    public HttpClient CreateClient(string apiKey)
    {
        var client = CreateDefaultClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }
}
