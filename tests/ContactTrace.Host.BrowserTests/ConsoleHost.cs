using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ContactTrace.Host.BrowserTests;

/// <summary>
/// The real host (silo, API and the console's built files) on PostgreSQL, served by Kestrel on a free loopback
/// port so that a real browser can reach it.
/// </summary>
public sealed class ConsoleHost : WebApplicationFactory<Program>
{
    public const string AdminKey = "browser-admin-key";
    public const string TracerKey = "browser-tracer-key";
    public const string ScannerKey = "browser-scanner-key";

    private readonly string _connectionString;

    public string ConnectionString => _connectionString;

    public ConsoleHost(string connectionString)
    {
        _connectionString = connectionString;
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>Where the browser finds the host, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseAddress => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Postgres", _connectionString);
        builder.UseSetting("Cluster:ClusterId", $"browser-{Guid.NewGuid():N}");
        builder.UseSetting("Cluster:SiloPort", FreePorts.Next().ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Cluster:GatewayPort", "0");
        builder.UseSetting("ContactTrace:ApiKeys:0:Key", AdminKey);
        builder.UseSetting("ContactTrace:ApiKeys:0:Role", "admin");
        builder.UseSetting("ContactTrace:ApiKeys:1:Key", TracerKey);
        builder.UseSetting("ContactTrace:ApiKeys:1:Role", "tracer");
        builder.UseSetting("ContactTrace:ApiKeys:2:Key", ScannerKey);
        builder.UseSetting("ContactTrace:ApiKeys:2:Role", "scanner");
        builder.UseSetting("ContactTrace:RateLimit:PermitsPerSecond", "1000000");
        builder.UseSetting("ContactTrace:RateLimit:Burst", "1000000");
    }

    public HttpClient Client(string apiKey)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }
}
