namespace ContactTrace.Host.Auth;

/// <summary>Who a key is: a stable id for audit (never the secret), its role and its hotel.</summary>
public sealed record class ApiKeyIdentity(string KeyId, string Role, string? HotelId);
