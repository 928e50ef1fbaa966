namespace ContactTrace.FaultTests;

/// <summary>Reads the system of record directly: what the tests check is what PostgreSQL holds.</summary>
internal static class Sql
{
    public static async Task<long> ScalarAsync(NpgsqlDataSource database, string sql, CancellationToken ct, params object[] values)
    {
        await using var command = database.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        var result = await command.ExecuteScalarAsync(ct);
        return result is null or DBNull ? 0 : Convert.ToInt64(result, CultureInfo.InvariantCulture);
    }

    /// <summary>Every row as its columns joined by " | ", for set comparisons and readable failures.</summary>
    public static async Task<List<string>> RowsAsync(NpgsqlDataSource database, string sql, CancellationToken ct, params object[] values)
    {
        await using var command = database.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var columns = new string[reader.FieldCount];
            for (var i = 0; i < reader.FieldCount; i++)
            {
                columns[i] = reader.IsDBNull(i) ? "null" : reader.GetValue(i) switch
                {
                    DateTime time => Format(new DateTimeOffset(time.ToUniversalTime(), TimeSpan.Zero)),
                    DateTimeOffset time => Format(time),
                    IFormattable value => value.ToString(null, CultureInfo.InvariantCulture),
                    var value => value.ToString() ?? "",
                };
            }

            rows.Add(string.Join(" | ", columns));
        }

        return rows;
    }

    /// <summary>A time as the row strings show it: UTC, to the tick.</summary>
    public static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>Asserts that a query meant to find anomalies finds none, listing the first ones it found.</summary>
    public static async Task AssertNoneAsync(NpgsqlDataSource database, string what, string sql, CancellationToken ct, params object[] values)
    {
        var rows = await RowsAsync(database, sql, ct, values);
        Report.Line($"check: {what}: {rows.Count} found");
        Assert.True(rows.Count == 0, $"{what}: {rows.Count} row(s), e.g.\n  {string.Join("\n  ", rows.Take(20))}");
    }
}
