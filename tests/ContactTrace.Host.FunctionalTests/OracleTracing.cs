using ContactTrace.Oracle;

namespace ContactTrace.Host.FunctionalTests;

/// <summary>The API calls of the oracle tests: report cases and interview contacts, wait for traces to complete.</summary>
internal static class OracleTracing
{
    // A two-tier trace of a few hundred contacts takes well under a second; a trace that stalls (e.g. until a resume
    // reminder fires a minute later) fails here rather than passing slowly.
    private static readonly TimeSpan TraceTimeout = TimeSpan.FromSeconds(20);

    public static async Task PostCaseAsync(HttpClient client, string caseId, string personId, DateTimeOffset sampledAt, DateTimeOffset? onsetAt, DateTimeOffset? reportedAt, CancellationToken ct)
    {
        var response = await client.PostAsJsonAsync("/api/cases", new { caseId, personId, classification = "confirmed", sampledAt, onsetAt, reportedAt }, ct);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"POST case {caseId}: {response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
    }

    /// <summary>Posts an interview contact; returns the trace status the answer reports.</summary>
    public static async Task<string?> PostReportedAsync(HttpClient client, OracleReportedContact contact, CancellationToken ct)
    {
        var response = await client.PostAsJsonAsync(
            $"/api/cases/{contact.CaseId}/contacts", new { personId = contact.PersonId, at = contact.At, until = contact.Until, setting = "meal" }, ct);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"POST reported contact {contact.PersonId} of {contact.CaseId}: {response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        return (await Json.ReadAsync(response)).GetProperty("trace").GetProperty("status").GetString();
    }

    /// <summary>Polls each case until its trace status is <c>completed</c>, within a bounded wait.</summary>
    public static async Task WaitForTracesAsync(HttpClient client, IEnumerable<string> caseIds, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + TraceTimeout;
        foreach (var caseId in caseIds)
        {
            while (true)
            {
                var status = await StatusAsync(client, caseId, ct);
                if (status == "completed")
                {
                    break;
                }

                Assert.True(DateTime.UtcNow < deadline, $"The trace of {caseId} did not complete within {TraceTimeout.TotalSeconds} s (status {status}).");
                await Task.Delay(100, ct);
            }
        }
    }

    /// <summary>Polls until <paramref name="condition"/> holds, within a bounded wait; false if it never did.</summary>
    public static Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout, CancellationToken ct) => Poll.HoldsWithinAsync(condition, timeout, ct);

    public static async Task<string?> StatusAsync(HttpClient client, string caseId, CancellationToken ct)
    {
        var response = await client.GetAsync($"/api/cases/{caseId}", ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET case {caseId}: {response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        return (await Json.ReadAsync(response)).GetProperty("trace").GetProperty("status").GetString();
    }
}
