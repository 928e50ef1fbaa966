using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using ContactTrace.Registry;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;

namespace ContactTrace.Host.FunctionalTests;

/// <summary>
/// The HTTP API is the only way in: no Orleans gateway unless one is configured, the silo listening on its
/// advertised address only, a real Orleans client without the cluster's certificate unable to call a grain, no
/// second silo on a taken port, and no silo traffic off this machine without TLS. They run on their own: what this
/// process listens on is compared before and after a host starts, and a test running beside them opens sockets too.
/// </summary>
[Collection(ClusterSecurityCollection.Name)]
public sealed class ClusterSecurityTests
{
    private const string ServiceId = "contacttrace";
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task WithDefaultSettingsNoGatewayListensAndTheSiloListensOnLoopbackOnly()
    {
        // Arrange: a durable host on PostgreSQL with nothing said about the gateway
        await using var host = new ContactTraceHost(await PostgresServer.CreateDatabaseAsync("gatewayoff"), $"gatewayoff-{_run}");
        var listening = ListeningSockets.OfThisProcess().ToHashSet();

        // Act
        _ = host.Server;
        var endpoints = host.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;
        var opened = ListeningSockets.OfThisProcess().Where(e => !listening.Contains(e)).ToList();

        // Assert
        Assert.Equal(0, endpoints.GatewayPort);
        var silo = Assert.Single(opened);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, endpoints.SiloPort), silo);
        Assert.DoesNotContain(ListeningSockets.OfThisProcess(), e => e.Port == 30000);
    }

    [Fact]
    public async Task AnOrleansClientWithoutTheClusterCertificateCannotCallAGrain()
    {
        // Arrange: a durable host whose gateway is on (as an operator might configure it), with the cluster's certificate
        var certificate = SiloCertificates.Create("contacttrace-silo");
        var gatewayPort = FreePorts.Next();
        var clusterId = $"tls-{_run}";
        await using var inner = new ContactTraceHost(await PostgresServer.CreateDatabaseAsync("silotls"), clusterId);
        await using var host = inner.WithWebHostBuilder(b => b
            .UseSetting("Cluster:GatewayPort", Port(gatewayPort))
            .UseSetting("Cluster:Tls:CertificatePath", SiloCertificates.WritePkcs12(certificate, "pfx-" + _run))
            .UseSetting("Cluster:Tls:CertificatePassword", "pfx-" + _run));
        var personId = $"tls-person-{_run}";
        var admin = host.CreateDefaultClient();
        admin.DefaultRequestHeaders.Add("X-Api-Key", ContactTraceHost.AdminKey);
        var put = await admin.PutAsJsonAsync($"/api/persons/{personId}", new { district = "daoli", name = "钱七", phone = "13900000000" }, Ct);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        // Act
        var plain = await TryReadPersonAsync(gatewayPort, clusterId, personId, certificate: null);
        var stranger = await TryReadPersonAsync(gatewayPort, clusterId, personId, SiloCertificates.Create("contacttrace-silo"));
        var member = await TryReadPersonAsync(gatewayPort, clusterId, personId, certificate);

        // Assert: only a client holding the cluster's own certificate gets through
        Assert.Null(plain.Person);
        Assert.NotNull(plain.Error);
        Assert.Null(stranger.Person);
        Assert.NotNull(stranger.Error);
        Assert.True(member.Person is not null, $"the cluster's certificate should get through: {member.Error}");
        Assert.Equal("钱七", member.Person.Profile.Name);
    }

    [Theory]
    [InlineData("Cluster:SiloPort")]
    [InlineData("Cluster:GatewayPort")]
    public async Task ASecondSiloOnATakenPortFailsAtStart(string setting)
    {
        // Arrange
        var port = FreePorts.Next();
        await using var first = new ContactTraceHost(null, $"taken-{_run}").WithWebHostBuilder(b => b.UseSetting(setting, Port(port)));
        _ = first.Server;
        await using var second = new ContactTraceHost(null, $"taken-{_run}").WithWebHostBuilder(b => b.UseSetting(setting, Port(port)));

        // Act
        var refused = Assert.ThrowsAny<Exception>(() => second.Server);

        // Assert
        var message = Messages(refused);
        Assert.Contains($"{setting} {port}", message, StringComparison.Ordinal);
        Assert.Contains("already in use", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASiloAdvertisingAnAddressOffThisMachineRefusesToStartWithoutTls()
    {
        // Arrange: the address is never bound or reached; the host refuses before it listens
        await using var host = new ContactTraceHost(await PostgresServer.CreateDatabaseAsync("notls"), $"notls-{_run}")
            .WithWebHostBuilder(b => b.UseSetting("Cluster:AdvertisedAddress", "10.11.12.13"));

        // Act
        var refused = Assert.ThrowsAny<Exception>(() => host.Server);

        // Assert
        var message = Messages(refused);
        Assert.Contains("Cluster:AdvertisedAddress 10.11.12.13 is not loopback", message, StringComparison.Ordinal);
        Assert.Contains("Cluster:Tls:CertificatePath", message, StringComparison.Ordinal);
    }

    private static string Messages(Exception exception) =>
        string.Join(" | ", Enumerable.Repeat(exception, 1).Concat(exception is AggregateException a ? a.Flatten().InnerExceptions : [])
            .SelectMany(e => Chain(e)).Select(e => e.Message));

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    private sealed record class ClientAttempt(PersonSnapshot? Person, Exception? Error);

    /// <summary>A real Orleans client, the way the probe of issue 17 connected: static gateway, the cluster's ids, TLS only with a certificate.</summary>
    private static async Task<ClientAttempt> TryReadPersonAsync(int gatewayPort, string clusterId, string personId, X509Certificate2? certificate)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering(new IPEndPoint(IPAddress.Loopback, gatewayPort));
            client.Configure<ClusterOptions>(o => (o.ServiceId, o.ClusterId) = (ServiceId, clusterId));
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1));
            if (certificate is not null)
            {
                client.UseTls(certificate, tls => tls.AllowAnyRemoteCertificate());
            }
        });
        using var clientHost = builder.Build();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            await clientHost.StartAsync(timeout.Token);
            var grains = clientHost.Services.GetRequiredService<IClusterClient>();
            var person = await grains.GetGrain<IPersonGrain>(personId).GetAsync().WaitAsync(timeout.Token);
            return new ClientAttempt(person, null);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return new ClientAttempt(null, exception);
        }
        finally
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await clientHost.StopAsync(stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}

/// <summary>Runs alone: it compares the sockets the whole process listens on before and after a host starts.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterSecurityCollection
{
    public const string Name = "cluster security";
}
