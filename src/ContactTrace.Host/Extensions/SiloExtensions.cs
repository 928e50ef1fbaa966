using System.Net;
using ContactTrace.Host.Extensions;
using Orleans.Configuration;

namespace Microsoft.Extensions.Hosting;

public static class SiloExtensions
{
    private const string NpgsqlInvariant = "Npgsql";

    /// <summary>
    /// Co-hosts the Orleans silo. With <c>ConnectionStrings:Postgres</c> set, clustering, grain state and
    /// reminders live in PostgreSQL; otherwise one localhost silo keeps everything in memory.
    /// </summary>
    public static WebApplicationBuilder AddContactTraceSilo(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(ClusterHostingOptions.SectionName).Get<ClusterHostingOptions>() ?? new();
        var connectionString = builder.Configuration.GetConnectionString(StorageExtensions.ConnectionStringName);
        var durable = builder.Configuration.HasPostgres();

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

            if (durable)
            {
                silo.ConfigureEndpoints(AdvertisedAddress(settings), settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: true);
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

    private static IPAddress AdvertisedAddress(ClusterHostingOptions settings) =>
        settings.AdvertisedAddress is { Length: > 0 } address ? IPAddress.Parse(address) : IPAddress.Loopback;
}
