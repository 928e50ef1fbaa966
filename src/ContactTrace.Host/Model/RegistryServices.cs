using ContactTrace.Host.Auth;
using ContactTrace.Queries;

namespace ContactTrace.Host.Model;

/// <summary>What the registry handlers need, bundled for <c>[AsParameters]</c>.</summary>
public sealed class RegistryServices(IGrainFactory grains, ITracingQueries queries, IManagementStore managements, AuditTrail audit, ILogger<RegistryServices> logger, Screening.LiveHealthCodes codes)
{
    public AuditTrail Audit { get; } = audit;

    /// <summary>The read side: a person's exposures.</summary>
    public ITracingQueries Queries { get; } = queries;

    public IManagementStore Managements { get; } = managements;

    public IGrainFactory Grains { get; } = grains;

    public ILogger<RegistryServices> Logger { get; } = logger;

    /// <summary>A person's health code computed now, for the view of one person.</summary>
    public Screening.LiveHealthCodes Codes { get; } = codes;
}
