namespace ContactTrace.Access;

/// <summary>An API key created through the admin API: its id, the SHA-256 of its secret, role and hotel.</summary>
public sealed record class StoredApiKey(string KeyId, string KeyHash, string Role, string? HotelId, string? Name, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);
