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
}
