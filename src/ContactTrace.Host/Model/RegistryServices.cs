namespace ContactTrace.Host.Model;

/// <summary>What the registry handlers need, bundled for <c>[AsParameters]</c>.</summary>
public sealed class RegistryServices(IGrainFactory grains, ITraceStore traces, ILogger<RegistryServices> logger)
{
    public ITraceStore Traces { get; } = traces;

    public IGrainFactory Grains { get; } = grains;

    public ILogger<RegistryServices> Logger { get; } = logger;
}
