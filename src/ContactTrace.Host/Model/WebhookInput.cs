namespace ContactTrace.Host.Model;

/// <summary>The body of <c>PUT /api/hotels/{hotelId}/webhook</c>.</summary>
public sealed record class WebhookInput(string? Url, string? Secret);
