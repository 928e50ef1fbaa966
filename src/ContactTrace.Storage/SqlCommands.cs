namespace ContactTrace.Storage;

/// <summary>
/// Positional parameters (<c>$1</c>, <c>$2</c>, …) without ceremony; <c>null</c> becomes SQL NULL. A lone array
/// argument must be passed as <c>(object)array</c>, or C# spreads it over the <c>params</c> array.
/// </summary>
internal static class SqlCommands
{
    public static NpgsqlCommand WithValues(this NpgsqlCommand command, params object?[] values)
    {
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return command;
    }

    public static NpgsqlCommand Command(this NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params object?[] values) =>
        new NpgsqlCommand(sql, connection, transaction).WithValues(values);

    public static DateTimeOffset? GetNullableTime(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);

    public static string? GetNullableString(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static DateTime Utc(this DateTimeOffset time) => time.UtcDateTime;

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction and commits it; an error of <paramref name="retriedState"/> (by
    /// default a deadlock: two writers locking the same rows in another order) rolls back and runs it again, up to
    /// <paramref name="attempts"/> times in all.
    /// </summary>
    public static async Task<T> InTransactionAsync<T>(
        this NpgsqlDataSource dataSource, Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken,
        string retriedState = PostgresErrorCodes.DeadlockDetected, int attempts = 5)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            try
            {
                var result = await work(connection, transaction);
                await transaction.CommitAsync(cancellationToken);
                return result;
            }
            catch (PostgresException exception) when (exception.SqlState == retriedState && attempt < attempts)
            {
                await transaction.RollbackAsync(cancellationToken);
            }
        }
    }

    public static Task InTransactionAsync(this NpgsqlDataSource dataSource, Func<NpgsqlConnection, NpgsqlTransaction, Task> work, CancellationToken cancellationToken) =>
        dataSource.InTransactionAsync<bool>(async (connection, transaction) =>
        {
            await work(connection, transaction);
            return true;
        }, cancellationToken);
}
