using ContactTrace.Host.Auth;
using ContactTrace.Tracing;

namespace ContactTrace.Host.Model;

/// <summary>What the case handlers need, bundled for <c>[AsParameters]</c>.</summary>
public sealed class CaseServices(IGrainFactory grains, ITraceStore traces, AuditTrail audit, [FromKeyedServices(Clock.Key)] TimeProvider time, ResponseTimes times)
{
    public AuditTrail Audit { get; } = audit;

    public IGrainFactory Grains { get; } = grains;

    public ITraceStore Traces { get; } = traces;

    public TimeProvider Time { get; } = time;

    public ResponseTimes Times { get; } = times;
}
