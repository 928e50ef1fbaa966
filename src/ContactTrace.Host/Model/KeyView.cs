namespace ContactTrace.Host.Model;

/// <summary>A key as listed: never its secret. <see cref="Key"/> is set once, in the answer that creates it.</summary>
public sealed record class KeyView(string KeyId, string Role, string? HotelId, string? Name, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, string? Key = null);
