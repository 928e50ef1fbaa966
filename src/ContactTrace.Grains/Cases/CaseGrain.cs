using ContactTrace.Cases;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ContactTrace.Grains.Cases;

/// <summary>
/// A case: its record and its trace. The trace's progress is durable (requested vs completed generation) and a
/// reminder wakes the grain after a crash until the trace is done. The trace itself runs off the grain's turn, in
/// one of the silo's trace slots (<see cref="TraceScheduler"/>), so the grain answers reads, reports and re-trace
/// requests in milliseconds however long its trace takes; requests that arrive meanwhile coalesce into one more run.
/// Results are written idempotently, so a resumed or repeated run writes nothing twice.
/// </summary>
public sealed partial class CaseGrain(
    [PersistentState("case", StorageNames.Grains)] IPersistentState<CaseState> state,
    ICaseStore cases,
    ITraceResults traces,
    IManagementStore managements,
    IScanStore scans,
    IRegistryStore registry,
    TracingPolicy policy,
    TraceScheduler scheduler,
    IOptions<ScanOptions> scanOptions,
    [FromKeyedServices(Clock.Key)] TimeProvider time,
    ILogger<CaseGrain> logger) : Grain, ICaseGrain, IRemindable
{
    private const string ResumeReminder = "resume-trace";

    private string CaseId => this.GetPrimaryKeyString();

    public Task<CaseRecord?> GetAsync() => Task.FromResult(Current());

    public async Task<CaseReportResult> ReportAsync(CaseReport report)
    {
        if (state.State.Record is { } existing)
        {
            var outcome = existing.Report == report ? CaseReportOutcome.Unchanged : CaseReportOutcome.Conflict;
            return new CaseReportResult(outcome, Current());
        }

        // The person's management becomes "case" before the report is answered: a second positive of theirs (and
        // every rule that asks whether someone is a case) reads it from there. A trace holding that row locked makes
        // this wait — measured in the soak; moving it to the trace run was tried and undone, as it let a second
        // positive arriving meanwhile make a second case.
        var record = await ResolveAsync(report);
        await cases.SaveCaseAsync(record);
        await managements.BecomeCaseAsync(report.PersonId, CaseId, record.ReportedAt);
        state.State = state.State with { Record = record, RequestedGeneration = 1 };
        await state.WriteStateAsync();

        // The case is durable from here on. The earlier cases that reached this person keep them as a contact who
        // became this case, so none of them needs to trace again.
        await GrainFactory.GetGrain<IAllocatorGrain>(IAllocatorGrain.CityKey).KickAsync(); // a room the person held may be free
        await RequestTraceAsync();
        return new CaseReportResult(CaseReportOutcome.Created, Current());
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
        var management = await managements.GetManagementAsync(report.PersonId);
        var isolatedSince = IsolatedSince(await managements.GetAssignmentsAsync(report.PersonId), reportedAt);
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

    public async Task<CaseRecord?> AddReportedContactAsync(ReportedContact contact)
    {
        if (state.State.Record is not { Withdrawal: null } || state.State.Reported.Contains(contact))
        {
            return Current();
        }

        state.State = state.State with
        {
            Reported = state.State.Reported.Add(contact),
            RequestedGeneration = state.State.RequestedGeneration + 1,
        };
        await state.WriteStateAsync();
        await RequestTraceAsync();
        return Current();
    }

    public async Task<CaseRecord?> ConvertToConfirmedAsync(DateTimeOffset at)
    {
        if (state.State.Record is not { } record || record.Report.Classification != Classifications.Asymptomatic || record.ConvertedAt is not null)
        {
            return Current();
        }

        state.State = state.State with { Record = record with { ConvertedAt = at } };
        await cases.SaveCaseAsync(state.State.Record!);
        await state.WriteStateAsync();
        return Current();
    }

    public async Task RetraceAsync()
    {
        if (state.State.Record is not { Withdrawal: null })
        {
            return;
        }

        // A run that has not started yet will read everything there is: no need for one more.
        if (!(state.State.Owed && _phase == RunPhase.QueuedTierOne))
        {
            state.State = state.State with { RequestedGeneration = state.State.RequestedGeneration + 1 };
            await state.WriteStateAsync();
        }

        await RequestTraceAsync();
    }

    public async Task ExtendAsync(ImmutableArray<string> closeContacts)
    {
        if (state.State.Record is not { Withdrawal: null } || closeContacts.IsDefaultOrEmpty)
        {
            return;
        }

        // Recorded even while a whole run waits for its slot: that run reads close contacts' scans only up to the
        // moment it was set up, and a scan stored since may be later. While runs are under way the request is added
        // even for a person already pending: a run removes only what it took, so this one runs after it.
        var added = Traces.IsRunning ? [.. closeContacts] : closeContacts.Except(state.State.Extensions, StringComparer.Ordinal).ToList();
        if (added.Count > 0)
        {
            state.State = state.State with { Extensions = state.State.Extensions.AddRange(added) };
            await state.WriteStateAsync();
        }

        await RequestTraceAsync();
    }

    public Task ResumeAsync()
    {
        if (state.State.Record is { Withdrawal: null } && state.State.Owed)
        {
            StartTraces();
        }

        return Task.CompletedTask;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (!state.State.Owed)
        {
            await TryUnregisterResumeReminderAsync();
            return;
        }

        await ResumeAsync();
    }

    public async Task<CaseRecord?> WithdrawAsync(string reason)
    {
        if (state.State.Record is not { } record || record.Withdrawal is not null)
        {
            return Current();
        }

        // Durable in the grain first: from here its trace stops (a phase still running writes nothing), then the
        // store ends what the case alone caused, and the rooms it held are freed.
        var withdrawal = new CaseWithdrawal(ManagementRules.ToMicroseconds(time.GetUtcNow()), reason);
        state.State = state.State with { Record = record with { Withdrawal = withdrawal }, CompletedGeneration = state.State.RequestedGeneration, Extensions = [] };
        await state.WriteStateAsync();
        var ended = await cases.WithdrawAsync(CaseId, withdrawal);
        logger.LogInformation("Case {CaseId} withdrawn; the managements of {Persons} persons it alone caused ended.", CaseId, ended.Count);
        await GrainFactory.GetGrain<IAllocatorGrain>(IAllocatorGrain.CityKey).KickAsync();
        await TryUnregisterResumeReminderAsync();
        return Current();
    }

    public Task<ImmutableArray<ReportedContact>> GetReportedContactsAsync() => Task.FromResult(state.State.Reported);

    private CaseRecord? Current()
    {
        if (state.State.Record is not { } record)
        {
            return null;
        }

        var trace = record.Trace with { Status = CurrentStatus(), Attempts = state.State.FailedAttempts, LastError = state.State.LastError, RetryAt = state.State.RetryAt };
        return record with { Trace = trace };
    }

    private string CurrentStatus()
    {
        var s = state.State;
        if (!s.Owed)
        {
            return TraceStatus.Completed;
        }

        if (s.TierOneGeneration >= s.RequestedGeneration)
        {
            return TraceStatus.TierOneCompleted;
        }

        return _phase switch
        {
            RunPhase.QueuedTierOne => TraceStatus.Queued,
            RunPhase.Idle when s.RetryAt is not null => TraceStatus.Queued,
            RunPhase.Idle when s.CompletedGeneration == 0 => TraceStatus.Pending,
            _ => TraceStatus.Running,
        };
    }
}
