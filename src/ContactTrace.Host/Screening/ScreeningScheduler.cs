using ContactTrace.Policy;
using Microsoft.Extensions.Options;

namespace ContactTrace.Host.Screening;

/// <summary>
/// The screening work that is not a request's, in every silo: follow-ups of new and re-traced cases, zones whose
/// lift is due, health codes of marked persons and of persons whose timer is due, positive results a request left
/// without their case (every minute), and retention (hourly). Its timers are durable because they are rows —
/// each person's next check, each zone's lift — read again at every start; it sleeps until the earliest of them
/// (on the domain clock, so on time), at most a minute, or until a NOTIFY says there is new work. The health-code
/// refresh takes an advisory lock, so one silo at a time does it.
/// </summary>
public sealed class ScreeningScheduler(
    CaseFollowUpProcessor followUps,
    IHealthCodeStore codes,
    IZoneStore zones,
    ITestStore tests,
    PositiveReporter positives,
    ScreeningSignals signals,
    TracingPolicy policy,
    IOptions<ScreeningOptions> options,
    [FromKeyedServices(Clock.Key)] TimeProvider time,
    ILogger<ScreeningScheduler> logger) : BackgroundService
{
    private static readonly TimeSpan LongestSleep = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan SweepEvery = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan RetentionEvery = TimeSpan.FromHours(1);

    private DateTimeOffset _nextSweep = DateTimeOffset.MinValue;
    private DateTimeOffset _nextRetention = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var woke = signals.Work.WaitAsync();
            var wakeAt = time.GetUtcNow() + LongestSleep;
            try
            {
                await RunOnceAsync(stoppingToken);
                wakeAt = await WakeAtAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Screening work failed; retried within a minute.");
            }

            // A due timer that another silo holds the refresh for: look again in a second of real time. The clock
            // is read again once the delay exists: a clock that jumped past the wake-up meanwhile (a test's fake
            // clock) would otherwise leave the delay counting from after the jump.
            var sleep = wakeAt - time.GetUtcNow();
            var wait = sleep <= TimeSpan.Zero ? Task.Delay(TimeSpan.FromSeconds(1), stoppingToken) : Task.Delay(sleep, time, stoppingToken);
            if (sleep > TimeSpan.Zero && time.GetUtcNow() >= wakeAt)
            {
                continue;
            }

            await Task.WhenAny(woke, wait);
            await Task.Yield(); // never go on inside the signaller's (or the fake clock's) call
        }
    }

    /// <summary>One pass over every kind of work that is due; returns how many health codes it re-evaluated.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await followUps.RunAsync(cancellationToken);
        var now = time.GetUtcNow();
        await zones.LiftDueAsync(now, cancellationToken);
        var refreshed = await RefreshCodesAsync(now, cancellationToken);
        if (now >= _nextSweep)
        {
            _nextSweep = now + SweepEvery;
            await positives.ResumeAsync(now, cancellationToken);
        }

        if (now >= _nextRetention)
        {
            _nextRetention = now + RetentionEvery;
            await PurgeAsync(now, cancellationToken);
        }

        return refreshed;
    }

    private async Task<int> RefreshCodesAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var testsSince = now.AddDays(-options.Value.RetentionDays);
        var total = 0;
        int refreshed;
        do
        {
            refreshed = await codes.RefreshAsync(now, testsSince, options.Value.RefreshBatchSize, facts => HealthCodeRules.Evaluate(facts, policy, now), cancellationToken);
            total += refreshed;
        }
        while (refreshed > 0);

        return total;
    }

    /// <summary>When the next timer falls due (a person's check, a zone's lift), at most <see cref="LongestSleep"/> from now.</summary>
    private async Task<DateTimeOffset> WakeAtAsync(CancellationToken cancellationToken) =>
        new[] { await codes.GetNextCheckAsync(cancellationToken), await zones.GetNextLiftAsync(cancellationToken), time.GetUtcNow() + LongestSleep }
            .OfType<DateTimeOffset>().Min();

    private async Task PurgeAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var results = await tests.PurgeBeforeAsync(now.AddDays(-options.Value.RetentionDays), cancellationToken);
        var changes = await codes.PurgeChangesBeforeAsync(now.AddDays(-options.Value.FeedRetentionDays), cancellationToken);
        if (results + changes > 0)
        {
            logger.LogInformation("Retention: purged {Results} test results and {Changes} health-code feed items.", results, changes);
        }
    }
}
