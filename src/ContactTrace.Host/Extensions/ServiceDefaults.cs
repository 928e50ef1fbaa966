using ContactTrace.Host.Extensions;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

public static class ServiceDefaults
{
    private const string HealthLivePath = "/health/live";
    private const string HealthReadyPath = "/health/ready";
    private const string LiveTag = "live";
    private const string HealthPrefix = "/health";
    private const string MetricsPath = "/metrics";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Configuration["OTEL_SERVICE_NAME"] ?? "contacttrace"))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddView(WithoutTargetAddresses)
                .AddRuntimeInstrumentation()
                .AddMeter("Microsoft.Orleans")
                .AddMeter(ContactTraceTelemetry.Name)
                .AddPrometheusExporter())
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource(ContactTraceTelemetry.Name)
                .AddSource("Microsoft.Orleans.Runtime")
                .AddSource("Microsoft.Orleans.Application")
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsOperationalPath(context.Request.Path))
                .AddHttpClientInstrumentation()
                .AddNpgsql());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <summary>
    /// Health, metrics and the OpenAPI description are served without a key in every environment: probes and
    /// scrapers carry none, and none of them returns personal data.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthLivePath, new HealthCheckOptions { Predicate = r => r.Tags.Contains(LiveTag) });
        app.MapHealthChecks(HealthReadyPath);
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        app.MapOpenApi();
        return app;
    }

    /// <summary>
    /// Outgoing HTTP (webhooks) and DNS metrics without the tags that name where a request went — <c>/metrics</c>
    /// needs no key, and target addresses with connection results per port would make it a port scanner.
    /// </summary>
    private static MetricStreamConfiguration? WithoutTargetAddresses(System.Diagnostics.Metrics.Instrument instrument) =>
        instrument.Meter.Name is "System.Net.Http" or "System.Net.NameResolution"
            ? new MetricStreamConfiguration { TagKeys = ["http.request.method", "http.response.status_code", "error.type", "network.protocol.version", "url.scheme"] }
            : null;

    /// <summary>Health and metrics, in any letter case (routing ignores it): not traced, not rate limited.</summary>
    internal static bool IsOperationalPath(PathString path) =>
        path.StartsWithSegments(HealthPrefix, StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments(MetricsPath, StringComparison.OrdinalIgnoreCase);
}
