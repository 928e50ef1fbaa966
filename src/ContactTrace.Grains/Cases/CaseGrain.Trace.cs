using System.Diagnostics;
using System.Diagnostics.Metrics;
using ContactTrace.Cases;
using Microsoft.Extensions.Logging;

namespace ContactTrace.Grains.Cases;

public sealed partial class CaseGrain
{
    private static readonly Histogram<double> TraceDuration =
        ContactTraceTelemetry.Meter.CreateHistogram<double>("contacttrace.trace.duration", "s", "Time to run a case's trace and make its results durable.");

    private static readonly Histogram<double> TierOneDuration =
        ContactTraceTelemetry.Meter.CreateHistogram<double>("contacttrace.trace.tier1.duration", "s", "Time from a trace's start (queueing included) to its tier 1 durable.");

    private static readonly Counter<long> TraceFailures =
        ContactTraceTelemetry.Meter.CreateCounter<long>("contacttrace.trace.failures", description: "Trace runs that failed and were put back to retry later.");

    private static readonly TimeSpan FirstRetry = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromHours(1);

    private RunPhase _phase = RunPhase.Idle;
    private RunLoop? _traces;
    private bool _reminderRegistered;

    private enum RunPhase
    {
        Idle,
        QueuedTierOne,
        RunningTierOne,
        QueuedTierTwo,
        RunningTierTwo,
    }

    // The requests are the grain's durable state (requested vs completed generation): a pass runs what is owed, and
    // the run goes round again while something is owed and no retry is waiting (a request came in meanwhile).
    private RunLoop Traces => _traces ??= new RunLoop(
        _ => RunOwedTracesAsync(),
        exception => logger.LogError(exception, "The trace run of case {CaseId} stopped; its reminder resumes it.", CaseId),
        () => _phase = RunPhase.Idle);

    private async Task<bool> RunOwedTracesAsync()
    {
        while (state.State.Owed && !WaitingToRetry() && state.State.Record!.Withdrawal is null)
        {
            if (!await TryRunTraceAsync())
            {
                return false; // the reminder retries after the back-off
            }
        }

        if (!state.State.Owed)
        {
            await TryUnregisterResumeReminderAsync();
        }

        return state.State.Owed && !WaitingToRetry();
    }

    private bool WaitingToRetry() => state.State.RetryAt is { } retryAt && retryAt > time.GetUtcNow();

    // A failed run is put back with a growing delay and its reason shown on the case; it never loops hot, and
    // nothing was half-written because every write is idempotent.
    private async Task<bool> TryRunTraceAsync()
    {
        try
        {
            if (state.State.OwesWholeTrace)
            {
                await RunTraceAsync(state.State.RequestedGeneration);
            }
            else
            {
                await RunExtensionAsync(state.State.Extensions);
            }

            if (state.State.FailedAttempts > 0)
            {
                state.State = state.State with { FailedAttempts = 0, RetryAt = null, LastError = null };
                await state.WriteStateAsync();
            }

            return true;
        }
        catch (Exception exception)
        {
            _phase = RunPhase.Idle;
            var attempts = state.State.FailedAttempts + 1;
            var delay = TimeSpan.FromTicks(Math.Min(LongestRetry.Ticks, FirstRetry.Ticks << Math.Min(attempts - 1, 10)));
            var reason = $"{exception.GetType().Name}: {exception.Message}";
            logger.LogError(exception, "Trace of case {CaseId} failed (attempt {Attempt}); retrying in {Delay}.", CaseId, attempts, delay);
            TraceFailures.Add(1);
            state.State = state.State with { FailedAttempts = attempts, RetryAt = time.GetUtcNow() + delay, LastError = reason[..Math.Min(reason.Length, 500)] };
            await TryPersistFailureAsync();
            return false;
        }
    }

    private async Task TryPersistFailureAsync()
    {
        try
        {
            await state.WriteStateAsync();
            await cases.SaveTraceAsync(CaseId, Current()!.Trace);
            await EnsureReminderAsync();
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Could not record the failure of case {CaseId}'s trace; its reminder retries it.", CaseId);
        }
    }

    private async Task RunTraceAsync(int generation)
    {
        using var activity = ContactTraceTelemetry.ActivitySource.StartActivity("trace case");
        activity?.SetTag("contacttrace.case_id", CaseId);
        var started = Stopwatch.GetTimestamp();
        var covered = state.State.Extensions; // asked before this run reads anything: it traces them anyway
        var computation = NewComputation();

        // Tier 1 first: close contacts durable, assigned and on their way to the hotels before tier 2 is computed.
        _phase = RunPhase.QueuedTierOne;
        await RunPhaseAsync(TracePhase.TierOne, computation.TierOneAsync, () => _phase = RunPhase.RunningTierOne);
        TierOneDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        if (state.State.Record!.Withdrawal is not null)
        {
            return; // withdrawn meanwhile: the store wrote nothing
        }

        if (computation.FoundCloseContacts)
        {
            await GrainFactory.GetGrain<IAllocatorGrain>(IAllocatorGrain.CityKey).KickAsync(); // they wait for rooms as awaiting-capacity
        }

        var tierOneAt = time.GetUtcNow();
        await SaveProgressAsync(s => s with { TierOneGeneration = generation }, TraceStatus.TierOneCompleted, state.State.Record!.Trace.CompletedAt, tierOneAt);

        _phase = RunPhase.QueuedTierTwo;
        await RunPhaseAsync(TracePhase.TierTwo, computation.TierTwoAsync, () => _phase = RunPhase.RunningTierTwo);
        _phase = RunPhase.Idle;
        if (state.State.Record!.Withdrawal is not null)
        {
            return;
        }

        // A run that succeeds after failures clears them in the same write that says it completed: no reader sees a
        // completed trace with the last failure's reason.
        await SaveProgressAsync(s => s with { CompletedGeneration = generation, Extensions = s.Extensions.RemoveRange(covered), FailedAttempts = 0, RetryAt = null, LastError = null },
            TraceStatus.Completed, time.GetUtcNow(), tierOneAt);
        TraceDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    // Only some close contacts' tier 2, in a tier-2 slot: their window is still open and they scanned, or their
    // household changed. The rest of the trace stands.
    private async Task RunExtensionAsync(ImmutableArray<string> closeContacts)
    {
        var computation = NewComputation();
        _phase = RunPhase.QueuedTierTwo;
        await RunPhaseAsync(TracePhase.TierTwo, () => computation.ExtendAsync(closeContacts), () => _phase = RunPhase.RunningTierTwo);
        _phase = RunPhase.Idle;
        if (state.State.Record!.Withdrawal is null)
        {
            await SaveProgressAsync(s => s with { Extensions = s.Extensions.RemoveRange(closeContacts) },
                TraceStatus.Completed, time.GetUtcNow(), state.State.Record!.Trace.TierOneCompletedAt);
        }
    }

    private TraceComputation NewComputation() =>
        new(state.State.Record!, state.State.Reported, policy, GrainFactory, scans, registry, traces,
            TimeSpan.FromHours(scanOptions.Value.MaxStayHours), scanOptions.Value.VenueFanOut, time.GetUtcNow());

    // Computes and writes one phase in a trace slot, off this grain's turn, and says in one line what it cost.
    private Task RunPhaseAsync(TracePhase phase, Func<Task<TraceResult>> compute, Action started) =>
        scheduler.RunAsync(phase, async () =>
        {
            var begun = Stopwatch.GetTimestamp();
            var result = await compute();
            var computed = Stopwatch.GetElapsedTime(begun);
            await traces.WriteTraceAsync(result, policy, time.GetUtcNow());
            logger.LogInformation("Trace of case {CaseId}, {Phase}: {Findings} contacts, {Sources} sources, {Managed} managed; computed in {Computed} ms, written in {Written} ms.",
                CaseId, phase, result.Findings.Length, result.Sources.Length, result.Managed.Length,
                (long)computed.TotalMilliseconds, (long)(Stopwatch.GetElapsedTime(begun) - computed).TotalMilliseconds);
            return result;
        }, started);

    // The figures come from the contacts as they stand (never fewer than before); status and times from the run. The
    // change applies to the state as it is after the read: requests taken meanwhile (a reported contact, a re-trace)
    // must not be overwritten by a copy made before it.
    private async Task SaveProgressAsync(Func<CaseState, CaseState> change, string status, DateTimeOffset? completedAt, DateTimeOffset? tierOneCompletedAt)
    {
        var counts = await traces.CountContactsAsync(CaseId);
        var summary = counts with { Status = status, CompletedAt = completedAt, TierOneCompletedAt = tierOneCompletedAt };
        var next = change(state.State);
        state.State = next with { Record = next.Record! with { Trace = summary } };
        await state.WriteStateAsync();
        await cases.SaveTraceAsync(CaseId, Current()!.Trace);
    }

    // The reminder is the durable part: if this silo dies mid-trace, it wakes the grain elsewhere to finish. The
    // run itself starts at once in this activation.
    private async Task RequestTraceAsync()
    {
        try
        {
            await EnsureReminderAsync();
        }
        catch (Exception exception) when (exception is ReminderException or OrleansException or TimeoutException)
        {
            // The request is in the grain's state; the run below starts now, and a restart resumes unfinished traces.
            logger.LogWarning(exception, "Could not register the resume reminder of case {CaseId}.", CaseId);
        }

        StartTraces();
    }

    private async Task EnsureReminderAsync()
    {
        if (!_reminderRegistered)
        {
            await this.RegisterOrUpdateReminder(ResumeReminder, FirstRetry, FirstRetry);
            _reminderRegistered = true;
        }
    }

    private void StartTraces()
    {
        if (!Traces.IsRunning && !WaitingToRetry())
        {
            Traces.Kick();
        }
    }

    // A request arriving meanwhile may have re-registered the reminder (a new ETag): then it stays, fires once,
    // finds nothing owed and is removed then. Failing to remove it never fails the trace.
    private async Task TryUnregisterResumeReminderAsync()
    {
        try
        {
            _reminderRegistered = false;
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
}
