using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;
using ContactTrace.Bench.Posting;

namespace ContactTrace.Bench.Api;

/// <summary>
/// The few calls of the ContactTrace API the bench makes, with the <c>X-Api-Key</c> header on each. A 429 (the
/// host's per-key rate limit) is waited out as its <c>Retry-After</c> says and counted in <see cref="Throttled"/>.
/// </summary>
internal sealed class ContactTraceClient : IDisposable
{
    private const int MaxThrottledAttempts = 60;
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly MediaTypeHeaderValue Ndjson = new("application/x-ndjson");
    private readonly HttpClient _http;
    private long _throttled;

    /// <param name="timeout">How long one request may take; 3 minutes by default.</param>
    public ContactTraceClient(Uri baseUrl, string apiKey, int connections, TimeSpan? timeout = null)
    {
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections, UseProxy = false };
        // A batch of 50,000 scans may queue behind others for durability: allow minutes, yet fail a stuck host in bounded time.
        _http = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = timeout ?? TimeSpan.FromMinutes(3) };
        _http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
    }

    public Uri BaseUrl => _http.BaseAddress!;

    public long Throttled => Interlocked.Read(ref _throttled);

    public Task PutVenueAsync(Venue venue, CancellationToken ct) =>
        PutAsync($"api/venues/{venue.VenueId}", new VenueBody(venue.Name, venue.District, venue.Kind), BenchJsonContext.Default.VenueBody, ct);

    public Task PutPersonAsync(Person person, CancellationToken ct) =>
        PutAsync($"api/persons/{person.PersonId}", new PersonBody(person.District, person.HouseholdId), BenchJsonContext.Default.PersonBody, ct);

    public Task PutHotelAsync(Hotel hotel, CancellationToken ct) =>
        PutAsync($"api/hotels/{hotel.HotelId}", new HotelBody(hotel.Name, hotel.District, hotel.Capacity), BenchJsonContext.Default.HotelBody, ct);

    public async Task<ScanBatchAnswer> PostScansAsync(ScanBatch batch, CancellationToken ct)
    {
        using var response = await SendAsync("POST /api/scans", () => new HttpRequestMessage(HttpMethod.Post, "api/scans")
        {
            Content = new ByteArrayContent(batch.Buffer, 0, batch.Length) { Headers = { ContentType = batch.Format == ScanBatchFormat.Ndjson ? Ndjson : Json } },
        }, ct);
        return await response.Content.ReadFromJsonAsync(BenchJsonContext.Default.ScanBatchAnswer, ct)
            ?? throw new InvalidOperationException("POST /api/scans answered an empty body.");
    }

    public async Task<bool> IsReadyAsync(CancellationToken ct)
    {
        try
        {
            using var response = await _http.GetAsync("health/ready", ct);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>The Prometheus text of <c>GET /metrics</c>, or null when the host serves none.</summary>
    public async Task<string?> GetMetricsAsync(CancellationToken ct)
    {
        using var response = await _http.GetAsync("metrics", ct);
        return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync(ct) : null;
    }

    public void Dispose() => _http.Dispose();

    private async Task PutAsync<T>(string path, T body, JsonTypeInfo<T> type, CancellationToken ct)
    {
        using var response = await SendAsync($"PUT /{path}", () => new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(body, type) }, ct);
    }

    /// <summary>Sends a fresh request per attempt; returns a success response, throws <see cref="ApiException"/> otherwise.</summary>
    private async Task<HttpResponseMessage> SendAsync(string what, Func<HttpRequestMessage> create, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = create();
            var response = await _http.SendAsync(request, ct);
            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            using (response)
            {
                if (response.StatusCode != HttpStatusCode.TooManyRequests || attempt == MaxThrottledAttempts)
                {
                    throw new ApiException(what, response.StatusCode, await response.Content.ReadAsStringAsync(ct));
                }

                Interlocked.Increment(ref _throttled);
                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), ct);
            }
        }
    }
}
