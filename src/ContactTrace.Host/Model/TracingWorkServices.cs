using ContactTrace.Host.Auth;
using ContactTrace.Queries;
using Microsoft.Extensions.Options;

namespace ContactTrace.Host.Model;

/// <summary>What the tracing teams' list and search handlers need, bundled for <c>[AsParameters]</c>.</summary>
public sealed class TracingWorkServices(
    IGrainFactory grains,
    ITracingQueries queries,
    AuditTrail audit,
    IOptions<ContactTraceOptions> options,
    [FromKeyedServices(Clock.Key)] TimeProvider time,
    Screening.HealthCodeBoard codes)
{
    public IGrainFactory Grains { get; } = grains;

    public ITracingQueries Queries { get; } = queries;

    public AuditTrail Audit { get; } = audit;

    public TimeProvider Time { get; } = time;

    /// <summary>The health codes as this silo holds them, for lists of persons.</summary>
    public Screening.HealthCodeBoard Codes { get; } = codes;

    public IOptions<ContactTraceOptions> Options { get; } = options;

    /// <summary>The city's zone (<c>ContactTrace:TimeZone</c>), where a day given as <c>YYYY-MM-DD</c> begins and ends.</summary>
    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(Options.Value.TimeZone);
}
