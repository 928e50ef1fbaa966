using ContactTrace.Host.Auth;

namespace ContactTrace.Host.Model;

/// <summary>What the registry handlers need, bundled for <c>[AsParameters]</c>.</summary>
public sealed class RegistryServices(IGrainFactory grains, ITraceStore traces, AuditTrail audit, ILogger<RegistryServices> logger)
{
    public AuditTrail Audit { get; } = audit;

    public ITraceStore Traces { get; } = traces;

    public IGrainFactory Grains { get; } = grains;

    public ILogger<RegistryServices> Logger { get; } = logger;
}
