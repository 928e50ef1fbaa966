namespace ContactTrace.Host.Hotels;

/// <summary>
/// The <c>ContactTrace:Webhooks</c> section: where hotel webhooks may point. By default only https, only public
/// addresses — a webhook is a request this service makes on a hotel's say-so, so it must never reach the
/// service's own network (loopback, private ranges, link-local and cloud metadata, CGNAT, unique-local IPv6).
/// </summary>
public sealed class WebhookOptions
{
    public const string SectionName = "ContactTrace:Webhooks";

    /// <summary>Allows <c>http://</c> targets. appsettings.Development.json turns it on; keep it off in production.</summary>
    public bool AllowHttp { get; set; }

    /// <summary>
    /// Allows targets on loopback and private addresses: for tests (a receiver on 127.0.0.1) and closed networks
    /// where hotels' systems live beside this service. Off, every address a target resolves to is checked when
    /// connecting, so DNS that changes its answer cannot get around it.
    /// </summary>
    public bool AllowPrivateTargets { get; set; }
}
