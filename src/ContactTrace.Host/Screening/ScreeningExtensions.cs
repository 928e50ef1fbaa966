using ContactTrace.Host.Screening;

namespace Microsoft.Extensions.Hosting;

public static class ScreeningExtensions
{
    /// <summary>
    /// The city's feedback loop (DESIGN.md "Screening, health codes and risk zones"): test ingestion, the health-code
    /// board every silo serves from memory, and the scheduler of follow-ups, timers and retention. Registered after
    /// the silo, so that its background services start once grains can be called.
    /// </summary>
    public static WebApplicationBuilder AddScreening(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ScreeningOptions>().BindConfiguration(ScreeningOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ScreeningSignals>();
        services.AddSingleton<PositiveReporter>();
        services.AddHostedService(sp => sp.GetRequiredService<PositiveReporter>());
        services.AddSingleton<TestIngestor>();
        services.AddSingleton<CaseFollowUpProcessor>();
        services.AddHostedService<ScreeningListener>();
        services.AddSingleton<LiveHealthCodes>();
        services.AddSingleton<HealthCodeBoard>();
        services.AddHostedService(sp => sp.GetRequiredService<HealthCodeBoard>());
        services.AddSingleton<ScreeningScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<ScreeningScheduler>());
        return builder;
    }
}
