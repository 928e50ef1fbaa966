using ContactTrace.Host.Auth;
using ContactTrace.Host.Extensions;
using ContactTrace.Host.Hotels;
using ContactTrace.Host.Scans;
using ContactTrace.Host.Validation;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

public static class Extensions
{
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;

        // Hosted services start in registration order: the schema first, then the silo, then what uses both.
        builder.AddContactTraceStorage();
        builder.AddContactTraceSilo();
        services.AddContactTraceGrains(builder.Configuration);

        services.AddOptions<ContactTraceOptions>().BindConfiguration(ContactTraceOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ClusterHostingOptions>().BindConfiguration(ClusterHostingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton<ScanIngestor>();
        services.AddOptions<ContactTrace.Host.Reports.BulletinOptions>().BindConfiguration(ContactTrace.Host.Reports.BulletinOptions.SectionName);
        services.AddSingleton<ContactTrace.Host.Reports.BulletinFiguresCache>();
        services.AddSingleton<VenueAppendQueue>();
        services.AddOptions<ContactTrace.Host.Cases.RetraceOptions>().BindConfiguration(ContactTrace.Host.Cases.RetraceOptions.SectionName);
        services.AddSingleton<ContactTrace.Host.Cases.RetraceDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<ContactTrace.Host.Cases.RetraceDispatcher>());
        services.AddHostedService<ScanRetentionService>();
        services.AddSingleton<FeedSignals>();
        services.AddOptions<StreamOptions>().BindConfiguration(StreamOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<FeedStreams>();
        services.AddHostedService<FeedListener>();
        services.AddHostedService<AssignmentLifecycleService>();
        services.AddHostedService<ContactTrace.Host.Cases.TraceResumeService>();
        services.AddSingleton<ContactTrace.Host.Cases.CaseSignals>();
        services.AddHostedService<ContactTrace.Host.Cases.CaseListener>();
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.SectionName);
        services.AddSingleton<WebhookTargets>();
        // Webhooks go where hotels say: straight to a checked public address (no proxy), never following a redirect,
        // and the factory's own request logs (with the URL, on every attempt) off — WebhookGrain logs one line per failure.
        services.AddHttpClient(nameof(ContactTrace.Grains.Hotels.WebhookGrain), c => c.Timeout = TimeSpan.FromSeconds(10))
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                ConnectCallback = sp.GetRequiredService<WebhookTargets>().ConnectAsync,
                AllowAutoRedirect = false,
                UseProxy = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            .RemoveAllLoggers();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<AuditTrail>();
        services.AddAbuseLimits(builder.Configuration);
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder().AddContactTracePolicies();

        // Bodies that fail to bind throw, so that BadRequestExceptionHandler can name the field.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddExceptionHandler<UnavailableExceptionHandler>();
        services.AddOpenApi(options => options.AddContactTraceDocumentation());

        // Every time in an answer in one offset (ContactTrace:ResponseOffset), written by one serializer modifier.
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ContactTraceOptions>>().Value;
            return ResponseTimes.Of(options.ResponseOffset, options.TimeZone);
        });
        services.AddOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>().Configure<ResponseTimes>((json, times) =>
            json.SerializerOptions.TypeInfoResolver = (json.SerializerOptions.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(times.Modify));

        builder.AddScreening();

        services.AddOptions<ContactTrace.Host.Memory.MemoryOptions>().BindConfiguration(ContactTrace.Host.Memory.MemoryOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddHostedService<ContactTrace.Host.Memory.IdleMemoryTrimmer>();

        services.AddHostedService<DurabilityNotice>();
        return builder;
    }
}
