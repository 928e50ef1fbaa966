using ContactTrace.Cases;

namespace ContactTrace.Host.Cases;

/// <summary>
/// At start, wakes every case whose trace did not complete, so a restart resumes them at once instead of at their
/// next reminder tick. Waking a case that another silo is already tracing is harmless: one activation runs it.
/// </summary>
public sealed class TraceResumeService(ICaseStore cases, IGrainFactory grains, ILogger<TraceResumeService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var unfinished = await cases.FindUnfinishedCasesAsync(10_000, stoppingToken);
            foreach (var caseId in unfinished)
            {
                await grains.GetGrain<ICaseGrain>(caseId).ResumeAsync();
            }

            if (unfinished.Count > 0)
            {
                logger.LogInformation("Resumed {Count} unfinished traces.", unfinished.Count);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "Could not resume unfinished traces at start; their reminders do within a minute.");
        }
    }
}
