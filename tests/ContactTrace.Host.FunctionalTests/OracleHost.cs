using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ContactTrace.Host.FunctionalTests;

/// <summary>
/// A real host on PostgreSQL, as <see cref="ContactTraceHost"/> sets it up, under a chosen policy preset
/// (<c>ContactTrace:Policy:Preset</c>), for comparing the grain trace with the SQL oracle.
/// </summary>
public sealed class OracleHost(string connectionString, string clusterId, string preset) : WebApplicationFactory<Program>
{
    public string ConnectionString { get; } = connectionString;

    public string Preset { get; } = preset;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Postgres", ConnectionString);
        builder.UseSetting("Cluster:ClusterId", clusterId);
        builder.UseSetting("Cluster:SiloPort", FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Cluster:GatewayPort", "0");
        builder.UseSetting("ContactTrace:ApiKeys:0:Key", ContactTraceHost.AdminKey);
        builder.UseSetting("ContactTrace:ApiKeys:0:Role", "admin");
        builder.UseSetting("ContactTrace:Policy:Preset", Preset);
        builder.UseSetting("ContactTrace:RateLimit:PermitsPerSecond", "1000000"); // the city is registered as fast as the machine allows
        builder.UseSetting("ContactTrace:RateLimit:Burst", "1000000");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Polly", "Warning");
    }

    public HttpClient CreateAdminClient()
    {
        var client = CreateDefaultClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ContactTraceHost.AdminKey);
        return client;
    }
}
