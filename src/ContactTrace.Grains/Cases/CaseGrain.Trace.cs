using System.Diagnostics;
using System.Diagnostics.Metrics;
using ContactTrace.Cases;
using Microsoft.Extensions.Logging;

namespace ContactTrace.Grains.Cases;

public sealed partial class CaseGrain
{
    private static readonly Histogram<double> TraceDuration =
        ContactTraceTelemetry.Meter.CreateHistogram<double>("contacttrace.trace.duration", "s", "Time to run a case's trace and make its results durable.");

    private async Task RunOwedTracesAsync()
    {
        try
        {
            do
            {
                while (state.State.CompletedGeneration < state.State.RequestedGeneration)
                {
                    await RunTraceAsync(state.State.RequestedGeneration);
                }

                await TryUnregisterResumeReminderAsync();
            }
            while (state.State.CompletedGeneration < state.State.RequestedGeneration); // a request came in meanwhile
        }
        catch (Exception exception)
        {
            // The reminder retries within a minute; nothing was half-written because every write is idempotent.
            logger.LogError(exception, "Trace of case {CaseId} failed; it will be resumed.", CaseId);
        }
        finally
        {
            _running = false;
        }
    }

    private async Task RunTraceAsync(int generation)
    {
        using var activity = ContactTraceTelemetry.ActivitySource.StartActivity("trace case");
        activity?.SetTag("contacttrace.case_id", CaseId);
        var started = Stopwatch.GetTimestamp();
        await throttle.WaitAsync();
        TraceResult result;
        try
        {
            var computation = new TraceComputation(state.State.Record!, state.State.Reported, policy, GrainFactory, scans, registry, traces,
                TimeSpan.FromHours(scanOptions.Value.MaxStayHours), scanOptions.Value.VenueFanOut);
            result = await computation.RunAsync();
            await traces.WriteTraceAsync(result, policy, time.GetUtcNow());
        }
        finally
        {
            throttle.Release();
        }

        if (result.Findings.Any(f => f.Category == ManagementCategory.CloseContact))
        {
            // Close contacts wait for rooms as awaiting-capacity; allocation places them.
            await GrainFactory.GetGrain<IAllocatorGrain>(IAllocatorGrain.CityKey).KickAsync();
        }

        var record = state.State.Record! with { Trace = Summarize(result) };
        state.State = state.State with { Record = record, CompletedGeneration = generation };
        await state.WriteStateAsync();
        await traces.SaveCaseAsync(record);
        TraceDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    private TraceSummary Summarize(TraceResult result) => new(
        TraceStatus.Completed,
        result.Findings.Count(f => f.Category == ManagementCategory.CloseContact),
        result.Findings.Count(f => f.Category == ManagementCategory.SecondaryContact),
        result.Findings.Count(f => f.Category == ManagementCategory.VenueExposed),
        time.GetUtcNow(),
        result.Findings.Count(f => f.Category == ManagementCategory.HomeIsolation));

    // A request arriving meanwhile may have re-registered the reminder (a new ETag): then it stays, fires once,
    // finds nothing owed and is removed then. Failing to remove it never fails the trace.
    private async Task TryUnregisterResumeReminderAsync()
    {
        try
        {
            if (await this.GetReminder(ResumeReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        catch (Exception exception) when (exception is ReminderException or OrleansException)
        {
            logger.LogDebug(exception, "Resume reminder of case {CaseId} stays until its next tick.", CaseId);
        }
    }

    /// <summary>
    /// Resolves what the report leaves open from what the system knows now: the district, the discovery channel
    /// (DESIGN.md's rule), the exposure window's end (isolation), and the sources and cluster.
    /// </summary>
    private async Task<CaseRecord> ResolveAsync(CaseReport report)
    {
        var person = GrainFactory.GetGrain<IPersonGrain>(report.PersonId);
        var profile = (await person.GetAsync())?.Profile;
        if (profile is null && report.District is { } reportedDistrict)
        {
            // An unknown person is allowed: the case creates them.
            await person.SetProfileAsync(new PersonProfile(reportedDistrict, null, null, null));
        }

        var reportedAt = ManagementRules.ToMicroseconds(report.ReportedAt ?? time.GetUtcNow());
        var management = await traces.GetManagementAsync(report.PersonId);
        var isolatedSince = IsolatedSince(await traces.GetAssignmentsAsync(report.PersonId), reportedAt);
        var identifiedAsContact = management.IsRunning(reportedAt) && management.Category != ManagementCategory.Case;
        var channel = report.DiscoveryChannel ?? DiscoveryChannels.Derive(isolatedSince is not null, identifiedAsContact);
        var (windowStart, windowEnd) = ExposureWindow.For(report, reportedAt, policy, report.IsolatedAt ?? isolatedSince);

        // Only a person under management at the report is linked to the cases that exposed them.
        var underManagement = identifiedAsContact || isolatedSince is not null;
        var sources = underManagement
            ? (await traces.FindSourcesAsync(report.PersonId)).Where(s => s.CaseId != report.CaseId).ToList()
            : [];
        var clusterId = sources.Count == 0 ? report.CaseId : sources.Select(s => s.ClusterId).Min(StringComparer.Ordinal)!;
        return new CaseRecord(report, reportedAt, report.District ?? profile?.District ?? "unknown", channel, windowStart, windowEnd,
            [.. sources.Select(s => s.CaseId).Order(StringComparer.Ordinal)], clusterId, null, TraceSummary.Pending);
    }

    // Under isolation: checked in at a hotel, or in home isolation that had begun, by the time of the report.
    private static DateTimeOffset? IsolatedSince(IReadOnlyList<Assignment> assignments, DateTimeOffset at) =>
        assignments
            .Where(a => a.Start <= at && a.End > at && a.Status is AssignmentStatuses.CheckedIn or AssignmentStatuses.Assigned or AssignmentStatuses.ConvertedToCase)
            .Where(a => a.Kind == AssignmentKinds.HomeIsolation || (a.Kind == AssignmentKinds.CentralizedIsolation && a.Status != AssignmentStatuses.Assigned))
            .Select(a => (DateTimeOffset?)a.Start)
            .Min();
}
