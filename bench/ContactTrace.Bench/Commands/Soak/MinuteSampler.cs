using ContactTrace.Bench.Api;
using ContactTrace.Bench.Hosting;
using ContactTrace.Bench.Report;
using Npgsql;

namespace ContactTrace.Bench.Commands.Soak;

/// <summary>
/// At the end of each minute of the load: the minute's <see cref="RequestMeter"/> figures with the host's memory and
/// threads (<c>/proc</c>), the host's PostgreSQL connections (<c>pg_stat_activity</c> without the bench's own), the trace
/// gauges of <c>/metrics</c> and the open traces of the <c>cases</c> table — printed as a row at once, kept for the
/// report. Each reading has <see cref="ReadTimeout"/>; one that fails shows as "-".
/// </summary>
internal sealed class MinuteSampler(HostProcess host, NpgsqlDataSource data, TracingClient client, RequestMeter meter)
{
    public const string QueueMetric = "contacttrace_trace_queue";
    public const string RunningMetric = "contacttrace_trace_running";
    public const string BoardMetric = "contacttrace_health_codes_board_bytes";
    public const string HeapMetric = "dotnet_gc_last_collection_heap_size_bytes";
    public const string HeapFreeMetric = "dotnet_gc_last_collection_heap_fragmentation_size_bytes";
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);
    private static readonly int[] Widths = [3, 9, 11, 10, 17, 7, 13, 8, 19, 17, 20, 20, 19, 23, 23];

    public List<MinuteSample> Samples { get; } = [];

    /// <summary>Samples at the end of each of <paramref name="minutes"/> minutes from <paramref name="start"/>.</summary>
    public async Task RunAsync(Stopwatch start, int minutes, CancellationToken ct)
    {
        Console.WriteLine(Row(MinuteSample.Headers));
        for (var minute = 1; minute <= minutes; minute++)
        {
            var wait = TimeSpan.FromMinutes(minute) - start.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, ct);
            }

            var (requests, accepted) = meter.TakeMinute();
            var status = host.Status;
            var connections = await ReadAsync(() => HostConnectionsAsync(ct));
            var traces = await ReadAsync(() => TracesAsync(ct));
            var metrics = await ReadAsync(() => client.GetTextAsync("metrics", ct));
            var sample = new MinuteSample(minute, status?.ResidentBytes, VenueIndexFigures.Parse(metrics).Bytes,
                metrics is null ? null : PrometheusText.Sum(metrics, BoardMetric),
                metrics is null ? null : PrometheusText.Sum(metrics, HeapMetric), metrics is null ? null : PrometheusText.Sum(metrics, HeapFreeMetric), status?.Threads, connections, accepted / 60.0,
                metrics is null ? null : PrometheusText.Sum(metrics, QueueMetric), metrics is null ? null : PrometheusText.Sum(metrics, RunningMetric),
                traces?.Open, traces?.All, requests);
            Samples.Add(sample);
            Console.WriteLine(Row(sample.Cells()));
        }
    }

    private static string Row(string[] cells) =>
        string.Join("  ", cells.Select((cell, i) => i < Widths.Length ? cell.PadLeft(Widths[i]) : cell));

    private async Task<(long Open, long All)?> TracesAsync(CancellationToken ct)
    {
        await using var command = data.CreateCommand("SELECT count(*) FILTER (WHERE trace_status <> 'completed'), count(*) FROM cases");
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetInt64(0), reader.GetInt64(1)) : null;
    }

    private async Task<long?> HostConnectionsAsync(CancellationToken ct)
    {
        await using var command = data.CreateCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name IS DISTINCT FROM $1");
        command.Parameters.Add(new NpgsqlParameter { Value = BenchStack.ApplicationName });
        return (long?)await command.ExecuteScalarAsync(ct);
    }

    private static async Task<T?> ReadAsync<T>(Func<Task<T>> read)
    {
        try
        {
            return await read().WaitAsync(ReadTimeout);
        }
        catch (Exception e) when (e is TimeoutException or NpgsqlException or HttpRequestException or ApiException or TaskCanceledException)
        {
            return default;
        }
    }
}
