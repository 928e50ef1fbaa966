using ContactTrace.Bench.Api;
using ContactTrace.Bench.Hosting;

namespace ContactTrace.Bench.Commands.Dense;

/// <summary>How following a trace ended.</summary>
internal enum TraceOutcome
{
    Completed,
    TimedOut,
    HostExited,
    MemoryLimit,
}

/// <summary>
/// One case followed from its POST: <c>GET /api/cases/{caseId}</c> every poll interval, each status noted when first
/// seen (<c>pending</c>, <c>queued</c>, <c>running</c>, <c>tier1Completed</c>, <c>completed</c>: whichever the host
/// reports), until <c>completed</c>, the time limit, the host's exit or its resident memory passing the limit — the
/// last so that a runaway trace is stopped before it takes the machine down. A GET that fails or times out is
/// counted and polling goes on: a host too busy to answer is a finding, not a reason to stop measuring.
/// </summary>
internal sealed class TraceTimeline
{
    private readonly List<(string Status, TimeSpan At)> _statuses = [];

    public IReadOnlyList<(string Status, TimeSpan At)> Statuses => _statuses;

    public TimeSpan Posted { get; private set; }

    public TimeSpan Elapsed { get; private set; }

    public CaseAnswer? Last { get; private set; }

    public int FailedPolls { get; private set; }

    public string? LastFailure { get; private set; }

    public long PeakResidentSeen { get; private set; }

    public TraceOutcome Outcome { get; private set; }

    public TimeSpan? FirstSeen(string status) =>
        _statuses.FirstOrDefault(s => s.Status == status) is { Status: not null } seen ? seen.At : null;

    public static async Task<TraceTimeline> FollowAsync(
        TracingClient client, HostProcess host, CaseBody body, TimeSpan poll, TimeSpan timeout, long memoryLimit, CancellationToken ct)
    {
        var timeline = new TraceTimeline();
        var clock = Stopwatch.StartNew();
        await client.PostCaseAsync(body, ct);
        timeline.Posted = clock.Elapsed;
        timeline.Outcome = await timeline.PollAsync(client, host, body.CaseId, clock, poll, timeout, memoryLimit, ct);
        timeline.Elapsed = clock.Elapsed;
        return timeline;
    }

    public string Describe() =>
        string.Join(" → ", _statuses.Select(s => $"{s.Status} +{s.At.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)} s"));

    private async Task<TraceOutcome> PollAsync(
        TracingClient client, HostProcess host, string caseId, Stopwatch clock, TimeSpan poll, TimeSpan timeout, long memoryLimit, CancellationToken ct)
    {
        while (true)
        {
            if (host.HasExited)
            {
                return TraceOutcome.HostExited;
            }

            PeakResidentSeen = Math.Max(PeakResidentSeen, host.Status?.ResidentBytes ?? 0);
            if (PeakResidentSeen > memoryLimit)
            {
                return TraceOutcome.MemoryLimit;
            }

            if (clock.Elapsed > timeout)
            {
                return TraceOutcome.TimedOut;
            }

            try
            {
                var answer = await client.GetCaseAsync(caseId, ct);
                Last = answer;
                if (_statuses.Count == 0 || _statuses[^1].Status != answer.Trace.Status)
                {
                    _statuses.Add((answer.Trace.Status, clock.Elapsed));
                }

                if (answer.Trace.IsCompleted)
                {
                    return TraceOutcome.Completed;
                }
            }
            catch (Exception e) when (!ct.IsCancellationRequested && e is ApiException or HttpRequestException or TaskCanceledException)
            {
                FailedPolls++;
                LastFailure = $"{e.GetType().Name} at +{clock.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s: {e.Message}";
            }

            await Task.Delay(poll, ct);
        }
    }
}
