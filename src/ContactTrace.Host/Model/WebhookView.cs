namespace ContactTrace.Host.Model;

/// <summary>A registered webhook; the secret is never echoed back.</summary>
public sealed record class WebhookView(string HotelId, string Url);
