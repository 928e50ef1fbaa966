using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ContactTrace.Host.Extensions;
using Orleans.Configuration;
using Orleans.Connections.Security;

namespace Microsoft.Extensions.Hosting;

public static class SiloExtensions
{
    private const string NpgsqlInvariant = "Npgsql";

    /// <summary>
    /// Co-hosts the Orleans silo. With <c>ConnectionStrings:Postgres</c> set, clustering, grain state and
    /// reminders live in PostgreSQL; otherwise one localhost silo keeps everything in memory.
    /// The silo listens on its advertised address only (loopback unless told otherwise), the client gateway is off
    /// unless <c>Cluster:GatewayPort</c> is set, a port another process holds fails the start, and silo traffic is
    /// mutual TLS when <c>Cluster:Tls</c> names a certificate — which it must when the address is not loopback.
    /// </summary>
    public static WebApplicationBuilder AddContactTraceSilo(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(ClusterHostingOptions.SectionName).Get<ClusterHostingOptions>() ?? new();
        var connectionString = builder.Configuration.PostgresConnectionString();
        var durable = builder.Configuration.HasPostgres();
        var address = durable ? AdvertisedAddress(settings) : IPAddress.Loopback;
        var certificate = SiloCertificate(settings, address);

        // Before the silo's own hosted service, so that it runs first.
        builder.Services.AddHostedService(_ => new SiloPortGuard(address, settings.SiloPort, settings.GatewayPort));
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ServiceId = settings.ServiceId;
                o.ClusterId = settings.ClusterId;
            });
            if (settings.SiloName is { Length: > 0 } siloName)
            {
                silo.Configure<SiloOptions>(o => o.SiloName = siloName);
            }

            silo.AddActivityPropagation();
            if (certificate is not null)
            {
                silo.UseTls(certificate, tls => RequireSameCertificate(tls, certificate));
            }

            if (durable)
            {
                silo.ConfigureEndpoints(address, settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: false);
                silo.UseAdoNetClustering(o =>
                {
                    o.Invariant = NpgsqlInvariant;
                    o.ConnectionString = connectionString;
                });
                silo.AddAdoNetGrainStorage(StorageNames.Grains, o =>
                {
                    o.Invariant = NpgsqlInvariant;
                    o.ConnectionString = connectionString;
                });
                silo.UseAdoNetReminderService(o =>
                {
                    o.Invariant = NpgsqlInvariant;
                    o.ConnectionString = connectionString;
                });
            }
            else
            {
                silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort, serviceId: settings.ServiceId, clusterId: settings.ClusterId);
                silo.AddMemoryGrainStorage(StorageNames.Grains);
                silo.UseInMemoryReminderService();
            }
        });

        return builder;
    }

    /// <summary>
    /// Every silo presents the one certificate of the cluster (a Kubernetes Secret, or a file) and accepts a peer
    /// only if it presents that same certificate: on the silo port and on the gateway, if one is configured.
    /// </summary>
    internal static void RequireSameCertificate(TlsOptions tls, X509Certificate2 certificate)
    {
        var expected = certificate.GetCertHash(HashAlgorithmName.SHA256);
        tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.RemoteCertificateValidation = (remote, _, _) =>
            remote is not null && CryptographicOperations.FixedTimeEquals(remote.GetCertHash(HashAlgorithmName.SHA256), expected);
    }

    private static X509Certificate2? SiloCertificate(ClusterHostingOptions settings, IPAddress address)
    {
        if (settings.Tls.IsConfigured)
        {
            return settings.Tls.LoadCertificate();
        }

        if (!IPAddress.IsLoopback(address))
        {
            throw new InvalidOperationException(
                $"Cluster:AdvertisedAddress {address} is not loopback, so silo traffic leaves this machine: it must be mutual TLS. " +
                "Set Cluster:Tls:CertificatePath (with Cluster:Tls:KeyPath for PEM, or Cluster:Tls:CertificatePassword for PKCS#12) to the cluster's certificate.");
        }

        return null;
    }

    private static IPAddress AdvertisedAddress(ClusterHostingOptions settings) =>
        settings.AdvertisedAddress is { Length: > 0 } address ? IPAddress.Parse(address) : IPAddress.Loopback;
}
