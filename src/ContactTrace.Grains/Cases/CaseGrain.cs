using ContactTrace.Cases;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ContactTrace.Grains.Cases;

/// <summary>
/// A case: its record and its trace. The trace runs in the background of the grain; its progress is durable
/// (requested vs completed generation) and a reminder wakes the grain after a crash until the trace is done.
/// Results are written idempotently, so a resumed or repeated run writes nothing twice.
/// </summary>
public sealed partial class CaseGrain(
    [PersistentState("case", StorageNames.Grains)] IPersistentState<CaseState> state,
    ITraceStore traces,
    IScanStore scans,
    IRegistryStore registry,
    TracingPolicy policy,
    TraceThrottle throttle,
    IOptions<ScanOptions> scanOptions,
    [FromKeyedServices(Clock.Key)] TimeProvider time,
    ILogger<CaseGrain> logger) : Grain, ICaseGrain, IRemindable
{
    private const string ResumeReminder = "resume-trace";
    private bool _running;

    private string CaseId => this.GetPrimaryKeyString();

    public Task<CaseRecord?> GetAsync() => Task.FromResult(Current());

    public async Task<CaseReportResult> ReportAsync(CaseReport report)
    {
        if (state.State.Record is { } existing)
        {
            var outcome = existing.Report == report ? CaseReportOutcome.Unchanged : CaseReportOutcome.Conflict;
            return new CaseReportResult(outcome, Current());
        }

        var record = await ResolveAsync(report);
        await traces.SaveCaseAsync(record);
        await traces.BecomeCaseAsync(report.PersonId, CaseId, record.ReportedAt);
        await GrainFactory.GetGrain<IAllocatorGrain>(IAllocatorGrain.CityKey).KickAsync(); // a room the person held may be free
        state.State = state.State with { Record = record, RequestedGeneration = 1 };
        await state.WriteStateAsync();
        await RequestTraceAsync();

        // A case is never a contact: the traces that reached this person (and expanded their contacts) run again.
        foreach (var source in record.Sources)
        {
            await GrainFactory.GetGrain<ICaseGrain>(source).RetraceAsync();
        }
        return new CaseReportResult(CaseReportOutcome.Created, Current());
    }

    public async Task<CaseRecord?> AddReportedContactAsync(ReportedContact contact)
    {
        if (state.State.Record is null || state.State.Reported.Contains(contact))
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
        await traces.SaveCaseAsync(state.State.Record!);
        await state.WriteStateAsync();
        return Current();
    }

    public async Task RetraceAsync()
    {
        if (state.State.Record is null)
        {
            return;
        }

        state.State = state.State with { RequestedGeneration = state.State.RequestedGeneration + 1 };
        await state.WriteStateAsync();
        await RequestTraceAsync();
    }

    public Task ResumeAsync()
    {
        if (state.State.Record is not null && state.State.CompletedGeneration < state.State.RequestedGeneration)
        {
            StartTraces();
        }

        return Task.CompletedTask;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (state.State.CompletedGeneration >= state.State.RequestedGeneration)
        {
            await TryUnregisterResumeReminderAsync();
            return;
        }

        await ResumeAsync();
    }

    private CaseRecord? Current()
    {
        if (state.State.Record is not { } record)
        {
            return null;
        }

        var owed = state.State.CompletedGeneration < state.State.RequestedGeneration;
        var status = !owed ? TraceStatus.Completed : _running || state.State.CompletedGeneration > 0 ? TraceStatus.Running : TraceStatus.Pending;
        return record with { Trace = record.Trace with { Status = status } };
    }

    // The flag is set before the run starts, so a run that completes synchronously still clears it.
    private void StartTraces()
    {
        if (!_running)
        {
            _running = true;
            _ = RunOwedTracesAsync();
        }
    }

    // The reminder is the durable part: if this silo dies mid-trace, it wakes the grain elsewhere to finish.
    private async Task RequestTraceAsync()
    {
        await this.RegisterOrUpdateReminder(ResumeReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        StartTraces();
    }
}
