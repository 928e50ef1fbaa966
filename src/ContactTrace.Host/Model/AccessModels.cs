namespace ContactTrace.Host.Model;

/// <summary>The body of <c>POST /api/keys</c>.</summary>
public sealed record class KeyInput(string? Role, string? HotelId, string? Name);

/// <summary>A key as listed: never its secret. <see cref="Key"/> is set once, in the answer that creates it.</summary>
public sealed record class KeyView(string KeyId, string Role, string? HotelId, string? Name, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, string? Key = null);

public sealed record class AuditEntryView(string Id, DateTimeOffset At, string KeyId, string Endpoint, ImmutableArray<string> Subjects);
