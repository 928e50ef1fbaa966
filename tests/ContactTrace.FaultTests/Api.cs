namespace ContactTrace.FaultTests;

/// <summary>The HTTP calls the fault tests make, with the answers they require.</summary>
internal static class Api
{
    public static async Task PutAsync(HttpClient client, string path, object body, CancellationToken ct)
    {
        using var response = await client.PutAsJsonAsync(path, body, ct);
        Assert.True(response.IsSuccessStatusCode, $"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
    }

    /// <summary>Posts scans that must all be accepted (the set-up of a scenario, not the fault itself).</summary>
    public static async Task PostScansAsync(HttpClient client, IReadOnlyList<ScanRecord> scans, CancellationToken ct)
    {
        foreach (var chunk in scans.Chunk(20_000))
        {
            using var response = await client.PostAsJsonAsync("/api/scans", chunk.Select(s => s.Body()), ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST /api/scans: {(int)response.StatusCode} {text}");
            var accepted = JsonDocument.Parse(text).RootElement.GetProperty("accepted").GetInt32();
            Assert.True(accepted == chunk.Length, $"POST /api/scans accepted {accepted} of {chunk.Length}: {text[..Math.Min(text.Length, 1000)]}");
        }
    }

    /// <summary>Reports a confirmed case sampled at <paramref name="sampledAt"/>; 202 required.</summary>
    public static async Task PostCaseAsync(HttpClient client, string caseId, string personId, DateTimeOffset sampledAt, CancellationToken ct)
    {
        using var response = await client.PostAsJsonAsync("/api/cases", new { caseId, personId, classification = "confirmed", sampledAt }, ct);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"POST case {caseId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
    }

    /// <summary>The trace status of a case, or null when the silo could not answer (yet): a dead silo's grains move.</summary>
    public static async Task<string?> TraceStatusAsync(HttpClient client, string caseId, CancellationToken ct)
    {
        try
        {
            using var response = await client.GetAsync($"/api/cases/{caseId}", ct);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return null;
            }

            var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            return body.GetProperty("trace").GetProperty("status").GetString();
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>
    /// Polls every case (round-robin over the given clients) until each trace is <c>completed</c>; returns how long it
    /// took. Fails, naming the cases still open, after <paramref name="timeout"/>.
    /// </summary>
    public static async Task<TimeSpan> WaitForTracesAsync(IReadOnlyList<HttpClient> clients, IReadOnlyCollection<string> caseIds, TimeSpan timeout, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var open = caseIds.ToHashSet(StringComparer.Ordinal);
        var round = 0;
        var statuses = new Dictionary<string, string?>(StringComparer.Ordinal);
        while (open.Count > 0)
        {
            var batch = open.ToList();
            var answers = await Task.WhenAll(batch.Select((caseId, i) => TraceStatusAsync(clients[(i + round) % clients.Count], caseId, ct)));
            for (var i = 0; i < batch.Count; i++)
            {
                statuses[batch[i]] = answers[i];
                if (answers[i] == "completed")
                {
                    open.Remove(batch[i]);
                }
            }

            if (open.Count == 0)
            {
                break;
            }

            Assert.True(watch.Elapsed < timeout,
                $"{open.Count} of {caseIds.Count} traces did not complete within {timeout.TotalSeconds:0} s: " +
                string.Join(", ", open.Take(20).Select(c => $"{c}={statuses.GetValueOrDefault(c) ?? "no answer"}")));
            round++;
            await Task.Delay(250, ct);
        }

        return watch.Elapsed;
    }

    /// <summary>Polls until <paramref name="condition"/> holds; false if it never did within <paramref name="timeout"/>.</summary>
    public static Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout, CancellationToken ct, int pollMilliseconds = 200) =>
        Poll.HoldsWithinAsync(condition, timeout, ct, TimeSpan.FromMilliseconds(pollMilliseconds));
}
