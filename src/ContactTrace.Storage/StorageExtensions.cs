using ContactTrace.Access;
using ContactTrace.Hotels;
using ContactTrace.Queries;
using ContactTrace.Reports;
using ContactTrace.Scans;
using ContactTrace.Storage;
using ContactTrace.Tracing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.Hosting;

public static class StorageExtensions
{
    public const string ConnectionStringName = "Postgres";

    /// <summary>
    /// Connections each pool of a silo may open unless the connection string says otherwise: the silo has two (our
    /// data source, and the one Orleans' ADO.NET providers share), so a silo holds at most twice this many, and
    /// PostgreSQL's <c>max_connections</c> must exceed silos × 2 × this (Npgsql's own default, 100, did not fit).
    /// </summary>
    public const int DefaultMaxPoolSize = 40;

    private static readonly string[] MaxPoolSizeKeywords = ["Maximum Pool Size", "MaxPoolSize"];

    /// <summary><c>ConnectionStrings:Postgres</c> with <see cref="DefaultMaxPoolSize"/> applied when it sets no pool size; null when unset.</summary>
    public static string? PostgresConnectionString(this IConfiguration configuration)
    {
        var configured = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(configured))
        {
            return null;
        }

        var builder = new NpgsqlConnectionStringBuilder(configured);
        var parsed = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = configured };
        if (!MaxPoolSizeKeywords.Any(parsed.ContainsKey))
        {
            builder.MaxPoolSize = DefaultMaxPoolSize;
        }

        return builder.ConnectionString;
    }

    /// <summary>True when <c>ConnectionStrings:Postgres</c> is set and everything is to be durable.</summary>
    public static bool HasPostgres(this IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration.GetConnectionString(ConnectionStringName));

    /// <summary>
    /// Registers our stores and their change notifications: PostgreSQL (one <see cref="NpgsqlDataSource"/>, schema
    /// migrated at start) when the connection string is set, otherwise the in-memory twins of the embedded default.
    /// </summary>
    public static IHostApplicationBuilder AddContactTraceStorage(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        if (builder.Configuration.HasPostgres())
        {
            var connectionString = builder.Configuration.PostgresConnectionString()!;
            // One data source for the process, logging through the host's logging.
            services.AddNpgsqlDataSource(connectionString);
            services.AddSingleton<ContactTrace.IChangeNotifications, PostgresNotifications>();
            services.AddSingleton<SchemaMigrator>();
            services.AddHostedService<SchemaMigrationService>();
            services.AddSingleton<IRegistryStore, PostgresRegistryStore>();
            services.AddSingleton<IScanStore, PostgresScanStore>();
            services.AddSingleton<ICaseStore, PostgresCaseStore>();
            services.AddSingleton<ITraceResults, PostgresTraceResults>();
            services.AddSingleton<IManagementStore, PostgresManagementStore>();
            services.AddSingleton<ITraceRequests, PostgresTraceRequests>();
            services.AddSingleton<IPlacementStore, PostgresPlacementStore>();
            services.AddSingleton<IHotelFeedStore, PostgresHotelFeedStore>();
            services.AddSingleton<IReportStore, PostgresReportStore>();
            services.AddSingleton<IAccessStore, PostgresAccessStore>();
            services.AddSingleton<ITracingQueries, PostgresTracingQueries>();
            services.AddHealthChecks().AddCheck<PostgresHealthCheck>("postgres");
        }
        else
        {
            services.AddSingleton(sp => new InMemoryRegistryStore(sp.GetRequiredKeyedService<TimeProvider>(ContactTrace.Clock.Key)));
            services.AddSingleton<IRegistryStore>(sp => sp.GetRequiredService<InMemoryRegistryStore>());
            services.AddSingleton<InMemoryScanStore>();
            services.AddSingleton<IScanStore>(sp => sp.GetRequiredService<InMemoryScanStore>());
            services.AddSingleton<InMemoryDatabase>();
            services.AddInMemoryTraceStores();
            services.AddSingleton<ContactTrace.IChangeNotifications, InMemoryNotifications>();
            services.AddSingleton<ITraceRequests>(sp => new InMemoryTraceRequests(
                sp.GetRequiredService<InMemoryDatabase>(), sp.GetRequiredService<InMemoryRegistryStore>(), sp.GetRequiredKeyedService<TimeProvider>(ContactTrace.Clock.Key)));
            services.AddSingleton<IAccessStore, InMemoryAccessStore>();
            services.AddSingleton<InMemoryTracingQueries>();
            services.AddSingleton<ITracingQueries>(sp => sp.GetRequiredService<InMemoryTracingQueries>());
        }

        builder.AddScreeningStorage();
        return builder;
    }

    /// <summary>
    /// The stores over one <see cref="InMemoryDatabase"/> (registered by the caller): cases, trace results,
    /// managements, placement, hotel feeds and reports — one class per job, as on PostgreSQL.
    /// </summary>
    public static IServiceCollection AddInMemoryTraceStores(this IServiceCollection services)
    {
        services.AddSingleton<ICaseStore, InMemoryCaseStore>();
        services.AddSingleton<ITraceResults, InMemoryTraceResults>();
        services.AddSingleton<IManagementStore, InMemoryManagementStore>();
        services.AddSingleton<IPlacementStore, InMemoryPlacementStore>();
        services.AddSingleton<IHotelFeedStore, InMemoryHotelFeedStore>();
        services.AddSingleton<IReportStore, InMemoryReportStore>();
        return services;
    }
}
