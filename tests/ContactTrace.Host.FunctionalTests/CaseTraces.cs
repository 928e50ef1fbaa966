namespace ContactTrace.Host.FunctionalTests;

/// <summary>Waiting for a case's trace through the API, as every test that reports a case does.</summary>
internal static class CaseTraces
{
    /// <summary>The case as <c>GET /api/cases/{caseId}</c> shows it once its trace has completed (within 30 s).</summary>
    public static Task<JsonElement> CompletedAsync(HttpClient tracer, string caseId, CancellationToken ct) =>
        Poll.UntilAsync(
            async () =>
            {
                var response = await tracer.GetAsync($"/api/cases/{caseId}", ct);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                return await Json.ReadAsync(response);
            },
            body => body.GetProperty("trace").GetProperty("status").GetString() == "completed",
            TimeSpan.FromSeconds(30), $"the trace of {caseId}", ct, TimeSpan.FromMilliseconds(50));
}
