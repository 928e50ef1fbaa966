namespace ContactTrace.Host.Model;

/// <summary>What the registry handlers need, bundled for <c>[AsParameters]</c>.</summary>
public sealed class RegistryServices(IGrainFactory grains, ILogger<RegistryServices> logger)
{
    public IGrainFactory Grains { get; } = grains;

    public ILogger<RegistryServices> Logger { get; } = logger;
}
