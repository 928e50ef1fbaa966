using ContactTrace.Host.Auth;
using ContactTrace.Host.Extensions;
using ContactTrace.Host.Policy;
using ContactTrace.Host.Scans;
using ContactTrace.Host.Validation;
using ContactTrace.Grains.Cases;
using ContactTrace.Grains.Venues;
using ContactTrace.Scans;
using Microsoft.AspNetCore.Authentication;

namespace Microsoft.Extensions.Hosting;

public static class Extensions
{
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;

        // Hosted services start in registration order: the schema first, then the silo, then what uses both.
        builder.AddContactTraceStorage();
        builder.AddContactTraceSilo();

        services.AddOptions<ContactTraceOptions>().BindConfiguration(ContactTraceOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ClusterHostingOptions>().BindConfiguration(ClusterHostingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        services.AddOptions<ScanOptions>().BindConfiguration(ScanOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(PolicyConfiguration.Load(builder.Configuration));

        services.AddKeyedSingleton(Clock.Key, TimeProvider.System);
        services.AddSingleton<PersonDirectory>();
        services.AddSingleton<ScanIngestor>();
        services.AddSingleton<VenueAppendQueue>();
        services.AddSingleton(new TraceScheduler(builder.Configuration.GetValue("ContactTrace:TraceConcurrency", Math.Max(2, 2 * Environment.ProcessorCount))));
        services.AddOptions<ContactTrace.Host.Cases.RetraceOptions>().BindConfiguration(ContactTrace.Host.Cases.RetraceOptions.SectionName);
        services.AddSingleton<ContactTrace.Host.Cases.RetraceDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<ContactTrace.Host.Cases.RetraceDispatcher>());
        services.AddHostedService<ScanRetentionService>();
        services.AddSingleton(DistrictDistancesConfiguration.Load(builder.Configuration));
        services.AddSingleton<FeedSignals>();
        services.AddHostedService<FeedListener>();
        services.AddHostedService<AssignmentLifecycleService>();
        services.AddHostedService<ContactTrace.Host.Cases.TraceResumeService>();
        services.AddSingleton<ContactTrace.Host.Cases.CaseSignals>();
        services.AddHostedService<ContactTrace.Host.Cases.CaseListener>();
        services.AddHttpClient(nameof(ContactTrace.Grains.Hotels.WebhookGrain), c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<AuditTrail>();
        services.AddAbuseLimits(builder.Configuration);
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder().AddContactTracePolicies();

        // Bodies that fail to bind throw, so that BadRequestExceptionHandler can name the field.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddOpenApi();

        builder.AddScreening();

        services.AddHostedService<DurabilityNotice>();
        return builder;
    }
}
