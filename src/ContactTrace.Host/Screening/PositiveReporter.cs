using ContactTrace.Host.Model;
using Microsoft.Extensions.Options;

namespace ContactTrace.Host.Screening;

/// <summary>
/// Makes cases of positive results that are durable: each through its person's <see cref="IPersonScreeningGrain"/>
/// (one person's positives one at a time, cluster-wide), a bounded number at once, and records each case beside its
/// result. Reporting returns in milliseconds: the traces the cases start run on their own.
/// </summary>
public sealed class PositiveReporter(IGrainFactory grains, ITestStore tests, IOptions<ScreeningOptions> options, ILogger<PositiveReporter> logger)
{
    /// <summary>How long a stored positive may wait for its case before the scheduler reports it (its request ended first).</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(1);

    public async Task<IReadOnlyList<PositiveOutcome>> ReportAsync(IReadOnlyList<PendingPositive> positives, CancellationToken cancellationToken)
    {
        if (positives.Count == 0)
        {
            return [];
        }

        var outcomes = new ConcurrentBag<PositiveOutcome>();
        await Parallel.ForEachAsync(positives, new ParallelOptions { MaxDegreeOfParallelism = options.Value.PositiveFanOut, CancellationToken = cancellationToken },
            async (positive, _) =>
            {
                if (await grains.GetGrain<IPersonScreeningGrain>(positive.Test.PersonId).ReportPositiveAsync(positive.Test, positive.ReceivedAt) is { } outcome)
                {
                    outcomes.Add(outcome);
                }
            });
        await tests.RecordCasesAsync([.. outcomes], cancellationToken);
        return [.. outcomes];
    }

    /// <summary>Reports the stored positives whose request ended before their case was recorded; returns how many it found.</summary>
    public async Task<int> ResumeAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var pending = await tests.FindPendingPositivesAsync(now - Grace, 500, cancellationToken);
        if (pending.Count > 0)
        {
            var outcomes = await ReportAsync(pending, cancellationToken);
            logger.LogInformation("Reported {Reported} of {Pending} positive results whose case was not recorded yet.", outcomes.Count, pending.Count);
        }

        return pending.Count;
    }
}
