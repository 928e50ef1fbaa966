using ContactTrace.Access;

namespace ContactTrace.Storage;

/// <summary>Keys and the audit log in PostgreSQL.</summary>
public sealed class PostgresAccessStore(NpgsqlDataSource dataSource) : IAccessStore
{
    /// <summary>Subjects per row: a read naming more persons is kept as several rows, appended in one round trip.</summary>
    public const int SubjectsPerEntry = 1000;

    public async Task AppendAuditAsync(string keyId, string endpoint, IReadOnlyCollection<string> subjects, CancellationToken cancellationToken = default)
    {
        await using var batch = dataSource.CreateBatch();
        foreach (var chunk in subjects.Count == 0 ? [[]] : subjects.Chunk(SubjectsPerEntry))
        {
            var command = new NpgsqlBatchCommand("INSERT INTO audit_log (key_id, endpoint, subjects) VALUES ($1, $2, $3)");
            command.Parameters.Add(new NpgsqlParameter { Value = keyId });
            command.Parameters.Add(new NpgsqlParameter { Value = endpoint });
            command.Parameters.Add(new NpgsqlParameter { Value = chunk });
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEntry>> ReadAuditAsync(string? keyId, string? subject, long? beforeId, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT id, at, key_id, endpoint, subjects FROM audit_log
            WHERE ($1::text IS NULL OR key_id = $1) AND ($2::text IS NULL OR subjects @> ARRAY[$2::text])
              AND ($3::bigint IS NULL OR id < $3)
            ORDER BY id DESC LIMIT $4
            """).WithValues(keyId, subject, beforeId, limit);
        var entries = new List<AuditEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new AuditEntry(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3), [.. reader.GetFieldValue<string[]>(4)]));
        }

        return entries;
    }

    public async Task CreateKeyAsync(StoredApiKey key, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO api_keys (key_id, key_hash, role, hotel_id, name, created_at) VALUES ($1, $2, $3, $4, $5, $6)
            """).WithValues(key.KeyId, key.KeyHash, key.Role, key.HotelId, key.Name, key.CreatedAt.Utc());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<StoredApiKey>> ListKeysAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT key_id, key_hash, role, hotel_id, name, created_at, revoked_at FROM api_keys ORDER BY created_at, key_id");
        var keys = new List<StoredApiKey>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(new StoredApiKey(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetNullableString(3), reader.GetNullableString(4),
                reader.GetFieldValue<DateTimeOffset>(5), reader.GetNullableTime(6)));
        }

        return keys;
    }

    public async Task<bool> RevokeKeyAsync(string keyId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("UPDATE api_keys SET revoked_at = coalesce(revoked_at, $2) WHERE key_id = $1").WithValues(keyId, at.Utc());
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
