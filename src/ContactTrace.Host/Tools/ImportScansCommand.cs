using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContactTrace.Scans;

namespace ContactTrace.Host.Tools;

/// <summary>
/// <c>contacttrace import-scans FILE</c> and <c>import-tests FILE</c> (<see cref="ImportTarget"/>): streams a CSV or
/// NDJSON file of any size into <c>POST /api/scans</c> or <c>/api/tests</c>, with a progress line (rate and ETA),
/// resumable through <see cref="ImportProgress"/>. Records sent twice are duplicates the server ignores, so resuming
/// too early costs time, never data; resuming too late would lose records, so a rerun resumes only what it can show
/// the target holds. Rejected lines are summarised by reason.
/// </summary>
internal sealed class ImportScansCommand(
    CommandArguments arguments, TextWriter output, TextWriter error, HttpMessageHandler? handler = null, ImportTarget? kind = null)
{
    /// <summary>How <c>import-scans</c> is used (<see cref="ImportTarget.Usage"/> says it for every import).</summary>
    public static string Usage => ImportTarget.Scans.Usage;

    private const int DefaultBatch = 10_000;
    private const int MaxBatch = 50_000;
    private const int MaxAttempts = 5;

    private readonly Dictionary<string, int> _reasons = new(StringComparer.Ordinal);
    private readonly List<string> _examples = [];
    private (long Accepted, long Duplicates, long Rejected) _totals;
    private readonly ImportTarget _kind = kind ?? ImportTarget.Scans;
    private string _target = "";
    private bool _progressShown;

    public async Task<int> RunAsync()
    {
        if (arguments.Positional is not [var path] || arguments.Option("batch") is { } b && (!int.TryParse(b, out var n) || n is < 1 or > MaxBatch)
            || !Uri.TryCreate(arguments.Url, UriKind.Absolute, out var url))
        {
            await error.WriteLineAsync("usage: " + _kind.Usage.Split('\n')[0]);
            return 2;
        }

        if (!File.Exists(path))
        {
            await error.WriteLineAsync($"{_kind.Command}: no file '{path}'.");
            return 2;
        }

        var batchSize = int.TryParse(arguments.Option("batch"), out var size) ? size : DefaultBatch;
        using var http = new HttpClient(handler ?? new SocketsHttpHandler(), disposeHandler: handler is null) { BaseAddress = url, Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Add("X-Api-Key", arguments.ApiKey ?? "");
        _target = url.ToString();

        var (length, sha256) = await ImportProgress.FingerprintAsync(path);
        var resume = await ResumeAfterAsync(http, path, length, sha256);
        if (resume.Failure is { } refused)
        {
            await error.WriteLineAsync(refused);
            return 1;
        }

        var failure = await SendFileAsync(http, path, resume.Line, batchSize, length, sha256);
        if (failure is not null)
        {
            await EndProgressLineAsync();
            await error.WriteLineAsync(failure);
            return 1;
        }

        await SummarizeAsync(resume.Line);
        return 0;
    }

    private async Task<string?> SendFileAsync(HttpClient http, string path, long skip, int batchSize, long length, string sha256)
    {
        await using var stream = File.OpenRead(path);
        using var reader = new StreamReader(stream);
        var clock = Stopwatch.StartNew();
        var batch = new List<(long Line, object Record)>(batchSize);
        foreach (var record in _kind.Read(reader, IsCsv(path)).Where(r => r.Line > skip))
        {
            batch.Add(record);
            if (batch.Count < batchSize)
            {
                continue;
            }

            if (await SendBatchAsync(http, path, batch, length, sha256) is { } failure)
            {
                return failure;
            }

            Progress(stream.Position, length, clock.Elapsed);
            batch.Clear();
        }

        if (batch.Count > 0 && await SendBatchAsync(http, path, batch, length, sha256) is { } last)
        {
            return last;
        }

        Progress(length, length, clock.Elapsed);
        return null;
    }

    private async Task<string?> SendBatchAsync(HttpClient http, string path, List<(long Line, object Record)> batch, long length, string sha256)
    {
        var (result, failure) = await SendAsync(http, batch);
        if (result is null)
        {
            return failure;
        }

        Count(batch, result);
        await new ImportProgress(_target, length, sha256, batch[^1].Line, batch[0].Line).WriteAsync(path);
        return null;
    }

    /// <summary>
    /// The line to resume after (0: the whole file), saying why. The last batch recorded is sent again: only when
    /// the target answers that it holds all of it (duplicates, nothing new) is the rest of the file taken as there.
    /// </summary>
    private async Task<(long Line, string? Failure)> ResumeAfterAsync(HttpClient http, string path, long length, string sha256)
    {
        var progress = await ImportProgress.ReadAsync(path);
        var name = ImportProgress.PathFor(path);
        if (arguments.Flag("restart"))
        {
            ImportProgress.Delete(path);
            await output.WriteLineAsync($"--restart: sending {path} from its first line.");
            return (0, null);
        }

        if (progress is null)
        {
            if (File.Exists(name))
            {
                await output.WriteLineAsync($"{name} is not a progress record this version can check; sending {path} from its first line.");
            }

            return (0, null);
        }

        if (progress.Target != _target)
        {
            await output.WriteLineAsync($"{name} records a run to {progress.Target}, not {_target}; sending {path} from its first line.");
            return (0, null);
        }

        if (progress.FileLength != length || progress.FileSha256 != sha256)
        {
            await output.WriteLineAsync($"{path} changed since {name} was written; sending it from its first line.");
            return (0, null);
        }

        using var reader = new StreamReader(path);
        var lastBatch = _kind.Read(reader, IsCsv(path))
            .SkipWhile(r => r.Line < progress.BatchFromLine).TakeWhile(r => r.Line <= progress.Line).ToList();
        var (check, failure) = await SendAsync(http, lastBatch);
        if (check is null)
        {
            return (0, failure);
        }

        Count(lastBatch, check);
        if (check.Accepted == 0 && check.Duplicates > 0)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Resuming {path} after line {progress.Line:N0}: {_target} holds the {_kind.Noun} sent up to there (--restart sends the whole file again)."));
            return (progress.Line, null);
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{_target} does not hold the {_kind.Noun} of lines {progress.BatchFromLine:N0}-{progress.Line:N0} that {name} records as sent (a new host or database?); sending {path} from its first line."));
        return (0, null);
    }

    /// <summary>The server's answer to one batch, or why there is none: 401/403 and other 4xx at once, else after the retries.</summary>
    private async Task<(ScanIngestSummary? Result, string? Failure)> SendAsync(HttpClient http, List<(long Line, object Record)> batch)
    {
        var lines = batch.Count == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"lines {batch[0].Line:N0}-{batch[^1].Line:N0}");
        for (var attempt = 1; ; attempt++)
        {
            string problem;
            var wait = TimeSpan.FromSeconds(attempt);
            try
            {
                using var response = await http.PostAsJsonAsync(_kind.Path, batch.Select(r => r.Record), JsonSerializerOptions.Web);
                if (response.IsSuccessStatusCode)
                {
                    return ((await response.Content.ReadFromJsonAsync<ScanIngestSummary>(JsonSerializerOptions.Web))!, null);
                }

                problem = await DescribeAsync(response);
                if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    return (null, $"{_kind.Command}: {_target} refused the API key ({problem}); pass --api-key KEY or set CONTACTTRACE_API_KEY, with a key of role {_kind.Role} or admin.");
                }

                if (response.StatusCode != HttpStatusCode.TooManyRequests && (int)response.StatusCode < 500)
                {
                    return (null, $"{_kind.Command}: {_target} refused the batch of {lines} ({problem}).");
                }

                wait = response.Headers.RetryAfter?.Delta ?? wait;
            }
            catch (HttpRequestException exception)
            {
                problem = exception.Message;
            }
            catch (TaskCanceledException)
            {
                problem = $"no answer within {http.Timeout.TotalMinutes:0} minutes";
            }

            if (attempt == MaxAttempts)
            {
                return (null, $"{_kind.Command}: gave up on the batch of {lines} after {MaxAttempts} attempts ({problem}); run the same command again to resume.");
            }

            // Retrying is safe: the server treats scans it already stored as duplicates.
            await EndProgressLineAsync();
            await error.WriteLineAsync($"batch of {lines} failed ({problem}); retrying in {wait.TotalSeconds:0} s");
            await Task.Delay(wait);
        }
    }

    private static async Task<string> DescribeAsync(HttpResponseMessage response)
    {
        var status = $"{(int)response.StatusCode} {response.ReasonPhrase}";
        try
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            var text = string.Join(" ", new[] { "title", "detail" }
                .Select(p => problem.ValueKind == JsonValueKind.Object && problem.TryGetProperty(p, out var v) ? v.GetString() : null)
                .OfType<string>());
            return text.Length == 0 ? status : $"{status}: {text}";
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException or InvalidOperationException)
        {
            return status;
        }
    }

    private static bool IsCsv(string path) => path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);

    private void Count(List<(long Line, object Record)> batch, ScanIngestSummary result)
    {
        _totals = (_totals.Accepted + result.Accepted, _totals.Duplicates + result.Duplicates, _totals.Rejected + result.Rejected.Count);
        foreach (var rejection in result.Rejected)
        {
            var reason = $"{rejection.Field}: {rejection.Message}";
            _reasons[reason] = _reasons.GetValueOrDefault(reason) + 1;
            if (_examples.Count < 20)
            {
                _examples.Add(string.Create(CultureInfo.InvariantCulture, $"  line {batch[rejection.Index].Line}: {reason}"));
            }
        }
    }

    private void Progress(long position, long length, TimeSpan elapsed)
    {
        var done = length == 0 ? 1 : (double)position / length;
        var rate = (_totals.Accepted + _totals.Duplicates + _totals.Rejected) / Math.Max(elapsed.TotalSeconds, 0.001);
        var eta = done > 0 ? TimeSpan.FromSeconds(elapsed.TotalSeconds * (1 - done) / done) : TimeSpan.Zero;
        var bar = new string('#', (int)(done * 30)).PadRight(30, '.');
        _progressShown = true;
        output.Write(string.Create(CultureInfo.InvariantCulture,
            $"\r[{bar}] {done:P0}  {_totals.Accepted:N0} stored, {_totals.Duplicates:N0} duplicates, {_totals.Rejected:N0} rejected  {rate:N0} {_kind.Noun}/s  ETA {eta:hh\\:mm\\:ss}   "));
    }

    // The progress line is rewritten in place (\r); anything else starts on a line of its own.
    private async Task EndProgressLineAsync()
    {
        if (_progressShown)
        {
            _progressShown = false;
            await output.WriteLineAsync();
        }
    }

    private async Task SummarizeAsync(long resumedAfter)
    {
        await EndProgressLineAsync();
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Done: {_totals.Accepted:N0} stored, {_totals.Duplicates:N0} already there, {_totals.Rejected:N0} rejected{(resumedAfter > 0 ? $", resumed after line {resumedAfter:N0}" : "")}."));
        foreach (var (reason, count) in _reasons.OrderByDescending(r => r.Value))
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {count,8:N0} × {reason}"));
        }

        foreach (var example in _examples)
        {
            await output.WriteLineAsync(example);
        }
    }
}
