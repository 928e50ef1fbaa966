using ContactTrace.Screening;
using ContactTrace.Storage.Screening;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

public static class ScreeningStorageExtensions
{
    /// <summary>
    /// Registers the screening stores — test results, health codes, zones, venue actions, self-reports and the case
    /// follow-up queue — on PostgreSQL when the connection string is set, otherwise their in-memory twins.
    /// </summary>
    public static IHostApplicationBuilder AddScreeningStorage(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        if (builder.Configuration.HasPostgres())
        {
            services.AddSingleton<ITestStore, PostgresTestStore>();
            services.AddSingleton<IHealthCodeStore, PostgresHealthCodeStore>();
            services.AddSingleton<IZoneStore, PostgresZoneStore>();
            services.AddSingleton<IVenueActionStore, PostgresVenueActionStore>();
            services.AddSingleton<ISelfReportStore, PostgresSelfReportStore>();
            services.AddSingleton<ICaseFollowUps, PostgresCaseFollowUps>();
            return builder;
        }

        services.AddSingleton<InMemoryHealthCodeMarks>();
        services.AddSingleton<InMemoryTestStore>();
        services.AddSingleton<ITestStore>(sp => sp.GetRequiredService<InMemoryTestStore>());
        services.AddSingleton<InMemoryZoneStore>();
        services.AddSingleton<IZoneStore>(sp => sp.GetRequiredService<InMemoryZoneStore>());
        services.AddSingleton<InMemoryHealthCodeStore>();
        services.AddSingleton<IHealthCodeStore>(sp => sp.GetRequiredService<InMemoryHealthCodeStore>());
        services.AddSingleton<IVenueActionStore, InMemoryVenueActionStore>();
        services.AddSingleton<ISelfReportStore, InMemorySelfReportStore>();
        services.AddSingleton<ICaseFollowUps, InMemoryCaseFollowUps>();
        return builder;
    }
}
