using ContactTrace.Access;

namespace ContactTrace.Storage;

/// <summary>The embedded default's keys and audit log, in this process only.</summary>
public sealed class InMemoryAccessStore : IAccessStore
{
    private readonly Lock _gate = new();
    private readonly List<AuditEntry> _audit = [];
    private readonly Dictionary<string, StoredApiKey> _keys = new(StringComparer.Ordinal);

    public Task AppendAuditAsync(string keyId, string endpoint, IReadOnlyCollection<string> subjects, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _audit.Add(new AuditEntry(_audit.Count + 1, DateTimeOffset.UtcNow, keyId, endpoint, [.. subjects]));
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AuditEntry>> ReadAuditAsync(string? keyId, string? subject, long? beforeId, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<AuditEntry> entries = [.. Enumerable.Reverse(_audit)
                .Where(e => (keyId is null || e.KeyId == keyId) && (subject is null || e.Subjects.Contains(subject)) && (beforeId is null || e.Id < beforeId))
                .Take(limit)];
            return Task.FromResult(entries);
        }
    }

    public Task CreateKeyAsync(StoredApiKey key, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _keys.Add(key.KeyId, key);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<StoredApiKey>> ListKeysAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<StoredApiKey> keys = [.. _keys.Values.OrderBy(k => k.CreatedAt)];
            return Task.FromResult(keys);
        }
    }

    public Task<bool> RevokeKeyAsync(string keyId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_keys.TryGetValue(keyId, out var key))
            {
                return Task.FromResult(false);
            }

            _keys[keyId] = key with { RevokedAt = key.RevokedAt ?? at };
            return Task.FromResult(true);
        }
    }
}
