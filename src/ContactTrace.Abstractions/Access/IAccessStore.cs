namespace ContactTrace.Access;

/// <summary>The append-only audit log of personal-data reads, and the API keys created at runtime.</summary>
public interface IAccessStore
{
    Task AppendAuditAsync(string keyId, string endpoint, IReadOnlyCollection<string> subjects, CancellationToken cancellationToken = default);

    /// <summary>Audit entries newest first, before <paramref name="beforeId"/>, optionally for one key and/or one subject.</summary>
    Task<IReadOnlyList<AuditEntry>> ReadAuditAsync(string? keyId, string? subject, long? beforeId, int limit, CancellationToken cancellationToken = default);

    Task CreateKeyAsync(StoredApiKey key, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<StoredApiKey>> ListKeysAsync(CancellationToken cancellationToken = default);

    /// <summary>Marks the key revoked; false when there is no such key.</summary>
    Task<bool> RevokeKeyAsync(string keyId, DateTimeOffset at, CancellationToken cancellationToken = default);
}

/// <summary>An API key created through the admin API: its id, the SHA-256 of its secret, role and hotel.</summary>
public sealed record class StoredApiKey(string KeyId, string KeyHash, string Role, string? HotelId, string? Name, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>One read of personal data: who (key id, never the secret), when, which endpoint, whose data.</summary>
public sealed record class AuditEntry(long Id, DateTimeOffset At, string KeyId, string Endpoint, ImmutableArray<string> Subjects);
