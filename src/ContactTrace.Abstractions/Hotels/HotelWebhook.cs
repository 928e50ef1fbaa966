namespace ContactTrace.Hotels;

/// <summary>Where a hotel wants its feed POSTed, the secret its bodies are signed with, and how far delivery got.</summary>
[GenerateSerializer, Immutable, Alias("ContactTrace.HotelWebhook")]
public sealed record class HotelWebhook(string Url, string Secret, long DeliveredCursor);
