using ContactTrace.Host.Auth;

namespace ContactTrace.Host.Model;

/// <summary>What the registry handlers need, bundled for <c>[AsParameters]</c>.</summary>
public sealed class RegistryServices(IGrainFactory grains, ITraceStore traces, AuditTrail audit, ILogger<RegistryServices> logger, Screening.LiveHealthCodes codes)
{
    public AuditTrail Audit { get; } = audit;

    public ITraceStore Traces { get; } = traces;

    public IGrainFactory Grains { get; } = grains;

    public ILogger<RegistryServices> Logger { get; } = logger;

    /// <summary>A person's health code computed now, for the view of one person.</summary>
    public Screening.LiveHealthCodes Codes { get; } = codes;
}
