using System.Reflection;
using Microsoft.Extensions.Logging;

namespace ContactTrace.Storage;

/// <summary>
/// Applies the embedded migrations in version order. Safe to run twice (each script is idempotent and applied
/// versions are recorded) and safe when several silos start at once (a transaction-scoped advisory lock).
/// </summary>
public sealed class SchemaMigrator(NpgsqlDataSource dataSource, ILogger<SchemaMigrator> logger)
{
    // An arbitrary constant that names "the ContactTrace schema" among advisory locks.
    private const long MigrationLockKey = 0x436F6E7454726163;

    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(@key)", cancellationToken, ("key", MigrationLockKey));
        await ExecuteAsync(connection, transaction, """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    integer PRIMARY KEY,
                name       text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """, cancellationToken);

        var applied = await ReadAppliedAsync(connection, transaction, cancellationToken);
        foreach (var migration in LoadMigrations().Where(m => !applied.Contains(m.Version)))
        {
            logger.LogInformation("Applying schema migration {Version} {Name}", migration.Version, migration.Name);
            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
            await ExecuteAsync(connection, transaction,
                "INSERT INTO schema_migrations (version, name) VALUES (@version, @name)",
                cancellationToken, ("version", migration.Version), ("name", migration.Name));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    internal static ImmutableArray<Migration> LoadMigrations()
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        const string prefix = "ContactTrace.Storage.Migrations.";
        return [.. assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => ToMigration(assembly, n, n[prefix.Length..^".sql".Length]))
            .OrderBy(m => m.Version)];
    }

    private static Migration ToMigration(Assembly assembly, string resource, string fileName)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        var separator = fileName.IndexOf('_', StringComparison.Ordinal);
        return new Migration(int.Parse(fileName[..separator], System.Globalization.CultureInfo.InvariantCulture), fileName[(separator + 1)..], reader.ReadToEnd());
    }

    private static async Task<HashSet<int>> ReadAppliedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT version FROM schema_migrations", connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var versions = new HashSet<int>();
        while (await reader.ReadAsync(cancellationToken))
        {
            versions.Add(reader.GetInt32(0));
        }

        return versions;
    }

    private static async Task ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken,
        params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
