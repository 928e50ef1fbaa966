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

    /// <summary>
    /// The Orleans client gateway: 0 (the default) turns it off. Nothing of ours uses it — the HTTP API is the way
    /// in — and a gateway would let an Orleans client call grains past API keys, roles and the audit log.
    /// </summary>
    [Range(0, 65535)]
    public int GatewayPort { get; set; }

    /// <summary>The IP other silos reach this one on, and the only address the silo (and gateway) listen on; loopback when unset.</summary>
    public string? AdvertisedAddress { get; set; }

    public string? SiloName { get; set; }

    /// <summary>Mutual TLS between silos (and for gateway clients); required when the advertised address is not loopback.</summary>
    public SiloTlsOptions Tls { get; set; } = new();
}
