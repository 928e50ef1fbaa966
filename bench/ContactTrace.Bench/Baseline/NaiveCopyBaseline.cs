using ContactTrace.Bench.Posting;
using Npgsql;

namespace ContactTrace.Bench.Baseline;

/// <summary>
/// Runs the naive load: creates the plain table in an empty database and COPYs the rows batch by batch. The rows
/// are generated while loading: the wall time includes that (the generator makes millions of scans a second, a
/// few percent of the COPY's cost); the batch latencies do not.
/// </summary>
internal static class NaiveCopyBaseline
{
    public static async Task<BaselineResult> RunAsync(string connectionString, IEnumerable<Scan> scans, int batchSize, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await NaiveScanTable.CreateAsync(connection, ct);

        var latencies = new Latencies();
        var clock = Stopwatch.StartNew();
        foreach (var batch in scans.Chunk(batchSize))
        {
            var started = Stopwatch.GetTimestamp();
            await NaiveScanTable.CopyAsync(connection, batch, ct);
            latencies.Add(Stopwatch.GetElapsedTime(started));
        }

        var elapsed = clock.Elapsed;
        var rows = await NaiveScanTable.CountAsync(connection, ct);
        return new BaselineResult(rows, latencies.Count, elapsed, latencies.Percentile(50), latencies.Percentile(99));
    }
}
