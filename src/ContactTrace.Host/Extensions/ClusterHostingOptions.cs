using System.ComponentModel.DataAnnotations;

namespace ContactTrace.Host.Extensions;

/// <summary>
/// The <c>Cluster</c> section: identity and endpoints of this silo, so that several run side by side on one
/// machine (distinct ports) or in Kubernetes (advertised pod IP and name from the downward API).
/// </summary>
public sealed class ClusterHostingOptions
{
    public const string SectionName = "Cluster";

    [Required]
    public string ServiceId { get; set; } = "contacttrace";

    [Required]
    public string ClusterId { get; set; } = "contacttrace-dev";

    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>0 turns the client gateway off; the HTTP API does not need it.</summary>
    [Range(0, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The IP other silos reach this one on; loopback when unset.</summary>
    public string? AdvertisedAddress { get; set; }

    public string? SiloName { get; set; }
}
