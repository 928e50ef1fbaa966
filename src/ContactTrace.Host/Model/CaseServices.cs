using ContactTrace.Host.Auth;
using ContactTrace.Queries;
using ContactTrace.Tracing;

namespace ContactTrace.Host.Model;

/// <summary>What the case handlers need, bundled for <c>[AsParameters]</c>.</summary>
public sealed class CaseServices(IGrainFactory grains, ITracingQueries queries, IManagementStore managements, AuditTrail audit, [FromKeyedServices(Clock.Key)] TimeProvider time, ResponseTimes times)
{
    public AuditTrail Audit { get; } = audit;

    public IGrainFactory Grains { get; } = grains;

    /// <summary>The read side: a case's standing, cluster and contacts.</summary>
    public ITracingQueries Queries { get; } = queries;

    public IManagementStore Managements { get; } = managements;

    public TimeProvider Time { get; } = time;

    public ResponseTimes Times { get; } = times;
}
