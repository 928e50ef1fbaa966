using ContactTrace.Tracing;

namespace ContactTrace.Host.Model;

/// <summary>What the case handlers need, bundled for <c>[AsParameters]</c>.</summary>
public sealed class CaseServices(IGrainFactory grains, ITraceStore traces, [FromKeyedServices(Clock.Key)] TimeProvider time)
{
    public IGrainFactory Grains { get; } = grains;

    public ITraceStore Traces { get; } = traces;

    public TimeProvider Time { get; } = time;
}
