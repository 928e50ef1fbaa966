using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using ContactTrace.Scans;

namespace ContactTrace.Host.Tools;

/// <summary>
/// <c>contacttrace import-scans FILE [--url URL] [--api-key KEY] [--batch N]</c>: streams a CSV
/// (<c>scanId,personId,venueId,scannedAt,leftAt</c>) or NDJSON file of any size into <c>POST /api/scans</c>, with a
/// progress line (rate and ETA). It is resumable: the line reached is kept in <c>FILE.progress</c> after each
/// acknowledged batch, and scans sent twice are duplicates the server ignores. Rejected lines are summarised by reason.
/// </summary>
internal sealed class ImportScansCommand(CommandArguments arguments, ImportTarget? target = null)
{
    private readonly ImportTarget _target = target ?? ImportTarget.Scans;
    private readonly Dictionary<string, int> _reasons = new(StringComparer.Ordinal);
    private readonly List<string> _examples = [];

    public async Task<int> RunAsync()
    {
        if (arguments.Positional is not [var path] || !File.Exists(path))
        {
            await Console.Error.WriteLineAsync(_target.Usage);
            return 2;
        }

        var batchSize = int.TryParse(arguments.Option("batch"), out var b) && b is > 0 and <= 50_000 ? b : 10_000;
        var checkpoint = path + ".progress";
        var skip = File.Exists(checkpoint) ? long.Parse(await File.ReadAllTextAsync(checkpoint), CultureInfo.InvariantCulture) : 0;
        using var http = new HttpClient { BaseAddress = new Uri(arguments.Url), Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Add("X-Api-Key", arguments.ApiKey ?? "");

        var totals = (Accepted: 0L, Duplicates: 0L, Rejected: 0L);
        var file = new FileInfo(path);
        await using var stream = file.OpenRead();
        using var reader = new StreamReader(stream);
        var records = _target.Read(reader, path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase));
        var clock = Stopwatch.StartNew();
        long line = 0;
        var batch = new List<(long Line, object Record)>(batchSize);
        foreach (var (lineNumber, scan) in records)
        {
            line = lineNumber;
            if (lineNumber <= skip)
            {
                continue;
            }

            batch.Add((lineNumber, scan));
            if (batch.Count == batchSize)
            {
                totals = Add(totals, await SendAsync(http, batch));
                await File.WriteAllTextAsync(checkpoint, line.ToString(CultureInfo.InvariantCulture));
                Progress(stream.Position, file.Length, totals, clock.Elapsed, _target.Noun);
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            totals = Add(totals, await SendAsync(http, batch));
            await File.WriteAllTextAsync(checkpoint, line.ToString(CultureInfo.InvariantCulture));
        }

        Progress(file.Length, file.Length, totals, clock.Elapsed, _target.Noun);
        Summarize(totals, skip);
        return 0;
    }

    private async Task<ScanIngestSummary> SendAsync(HttpClient http, List<(long Line, object Record)> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var response = await http.PostAsJsonAsync(_target.Path, batch.Select(b => b.Record), JsonSerializerOptions.Web);
                response.EnsureSuccessStatusCode();
                var result = (await response.Content.ReadFromJsonAsync<ScanIngestSummary>(JsonSerializerOptions.Web))!;
                foreach (var rejection in result.Rejected)
                {
                    Remember(batch[rejection.Index].Line, rejection);
                }

                return result;
            }
            catch (HttpRequestException exception) when (attempt < 5)
            {
                // Retrying is safe: the server treats scans it already stored as duplicates.
                await Console.Error.WriteLineAsync($"\nbatch failed ({exception.Message}); retrying");
                await Task.Delay(TimeSpan.FromSeconds(attempt));
            }
        }
    }

    private void Remember(long line, ScanRejection rejection)
    {
        var reason = $"{rejection.Field}: {rejection.Message}";
        _reasons[reason] = _reasons.GetValueOrDefault(reason) + 1;
        if (_examples.Count < 20)
        {
            _examples.Add($"  line {line}: {reason}");
        }
    }

    private static (long, long, long) Add((long Accepted, long Duplicates, long Rejected) totals, ScanIngestSummary result) =>
        (totals.Accepted + result.Accepted, totals.Duplicates + result.Duplicates, totals.Rejected + result.Rejected.Count);

    private static void Progress(long position, long length, (long Accepted, long Duplicates, long Rejected) totals, TimeSpan elapsed, string noun)
    {
        var done = length == 0 ? 1 : (double)position / length;
        var rate = (totals.Accepted + totals.Duplicates + totals.Rejected) / Math.Max(elapsed.TotalSeconds, 0.001);
        var eta = done > 0 ? TimeSpan.FromSeconds(elapsed.TotalSeconds * (1 - done) / done) : TimeSpan.Zero;
        var bar = new string('#', (int)(done * 30)).PadRight(30, '.');
        Console.Write(string.Create(CultureInfo.InvariantCulture,
            $"\r[{bar}] {done:P0}  {totals.Accepted:N0} stored, {totals.Duplicates:N0} duplicates, {totals.Rejected:N0} rejected  {rate:N0} {noun}/s  ETA {eta:hh\\:mm\\:ss}   "));
    }

    private void Summarize((long Accepted, long Duplicates, long Rejected) totals, long skipped)
    {
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Done: {totals.Accepted:N0} stored, {totals.Duplicates:N0} already there, {totals.Rejected:N0} rejected{(skipped > 0 ? $", resumed after line {skipped:N0}" : "")}."));
        foreach (var (reason, count) in _reasons.OrderByDescending(r => r.Value))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {count,8:N0} × {reason}"));
        }

        _examples.ForEach(Console.WriteLine);
    }
}
