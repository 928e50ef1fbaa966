using System.Net.Http.Json;

namespace ContactTrace.Bench.Api;

/// <summary>
/// The calls of the trace, feed and chain benchmarks: report a case, read it, read a hotel's feed and its event
/// stream, and time plain GETs. Each carries <c>X-Api-Key</c>; the host runs with its rate limit lifted, so a
/// 429 is an error here rather than something to wait out.
/// </summary>
internal sealed class TracingClient : IDisposable
{
    private readonly HttpClient _http;

    /// <param name="timeout">How long one request may take (until its headers, for the event stream); 5 minutes by default.</param>
    public TracingClient(Uri baseUrl, string apiKey, int connections, TimeSpan? timeout = null)
    {
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections, UseProxy = false, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10) };
        _http = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = timeout ?? TimeSpan.FromMinutes(5) };
        _http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
    }

    public async Task PostCaseAsync(CaseBody body, CancellationToken ct)
    {
        using var response = await _http.PostAsJsonAsync("api/cases", body, TracingJsonContext.Default.CaseBody, ct);
        await EnsureAsync("POST /api/cases", response, ct);
    }

    public async Task<CaseAnswer> GetCaseAsync(string caseId, CancellationToken ct)
    {
        using var response = await _http.GetAsync($"api/cases/{caseId}", ct);
        await EnsureAsync($"GET /api/cases/{caseId}", response, ct);
        return await response.Content.ReadFromJsonAsync(TracingJsonContext.Default.CaseAnswer, ct)
            ?? throw new InvalidOperationException($"GET /api/cases/{caseId} answered an empty body.");
    }

    public async Task<FeedPage> GetFeedAsync(string hotelId, string? after, int limit, CancellationToken ct)
    {
        var path = $"api/hotels/{hotelId}/assignments?limit={limit}" + (after is null ? "" : $"&after={after}");
        using var response = await _http.GetAsync(path, ct);
        await EnsureAsync($"GET /{path}", response, ct);
        return await response.Content.ReadFromJsonAsync(TracingJsonContext.Default.FeedPage, ct)
            ?? throw new InvalidOperationException($"GET /{path} answered an empty body.");
    }

    /// <summary>Checks the guest in, stating when they arrived (a check-in entered after the fact).</summary>
    public async Task CheckInAsync(string assignmentId, DateTimeOffset arrivedAt, CancellationToken ct)
    {
        using var response = await _http.PostAsJsonAsync($"api/assignments/{assignmentId}/check-in", new CheckInBody(arrivedAt), TracingJsonContext.Default.CheckInBody, ct);
        await EnsureAsync($"POST /api/assignments/{assignmentId}/check-in", response, ct);
    }

    /// <summary>
    /// Opens the hotel's event stream, after <paramref name="lastEventId"/> when resuming; the caller reads it line by
    /// line until cancelled.
    /// </summary>
    public async Task<HttpResponseMessage> OpenStreamAsync(string hotelId, CancellationToken ct, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"api/hotels/{hotelId}/assignments/stream");
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        await EnsureAsync($"GET /api/hotels/{hotelId}/assignments/stream", response, ct);
        return response;
    }

    /// <summary>GETs <paramref name="path"/> and reads the whole body; returns its length in bytes.</summary>
    public async Task<long> GetBodyAsync(string path, CancellationToken ct)
    {
        using var response = await _http.GetAsync(path, ct);
        await EnsureAsync($"GET /{path}", response, ct);
        return (await response.Content.ReadAsByteArrayAsync(ct)).LongLength;
    }

    public async Task<string> GetTextAsync(string path, CancellationToken ct)
    {
        using var response = await _http.GetAsync(path, ct);
        await EnsureAsync($"GET /{path}", response, ct);
        return await response.Content.ReadAsStringAsync(ct);
    }

    public void Dispose() => _http.Dispose();

    private static async Task EnsureAsync(string what, HttpResponseMessage response, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            response.Dispose();
            throw new ApiException(what, response.StatusCode, body);
        }
    }
}
