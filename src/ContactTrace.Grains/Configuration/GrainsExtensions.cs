using ContactTrace;
using ContactTrace.Grains.Cases;
using ContactTrace.Grains.Configuration;
using ContactTrace.Grains.Venues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

public static class GrainsExtensions
{
    /// <summary>
    /// Registers what the grains need besides the stores (<c>AddContactTraceStorage</c>): the policy in force
    /// (<see cref="PolicyConfiguration"/>), the district distances, the scan and trace options bound from
    /// configuration, the silo's trace slots, the person directory and the domain clock. A policy, distances or clock
    /// registered before (a test's own) is kept.
    /// </summary>
    public static IServiceCollection AddContactTraceGrains(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(PolicyConfiguration.Load(configuration));
        services.TryAddSingleton(DistrictDistancesConfiguration.Load(configuration));
        services.TryAddKeyedSingleton(ContactTrace.Clock.Key, TimeProvider.System);
        services.AddOptions<ScanOptions>().BindConfiguration(ScanOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<TraceOptions>().BindConfiguration(TraceOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(sp => new TraceScheduler(sp.GetRequiredService<IOptions<TraceOptions>>().Value.TraceConcurrency));
        services.TryAddSingleton<PersonDirectory>();

        // The offset of the times in bodies the grains send out (hotel webhooks): the host registers that of its
        // answers (ContactTrace:ResponseOffset) after this; a grain test cluster without a host writes UTC.
        services.TryAddSingleton(new ResponseTimes(TimeZoneInfo.Utc));
        return services;
    }
}
