using ContactTrace.Bench.Api;

namespace ContactTrace.Bench.Commands.Trace;

/// <summary>
/// Reports a case and polls <c>GET /api/cases/{caseId}</c> every few milliseconds until its trace is
/// <c>completed</c> — which the case grain says only after every contact, exposure, management and assignment
/// row of the trace is committed — and notes when the status flipped.
/// </summary>
internal sealed class CaseWatch(TracingClient client, TimeSpan poll)
{
    public async Task<TracedCase> ReportAndWaitAsync(CaseBody body, TimeSpan timeout, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        await client.PostCaseAsync(body, ct);
        while (true)
        {
            var answer = await client.GetCaseAsync(body.CaseId, ct);
            if (answer.Trace.IsCompleted)
            {
                return new TracedCase(body.CaseId, body.PersonId, clock.Elapsed, answer.Trace);
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"case {body.CaseId}: trace still '{answer.Trace.Status}' after {timeout.TotalSeconds:F0} s.");
            }

            await Task.Delay(poll, ct);
        }
    }
}
