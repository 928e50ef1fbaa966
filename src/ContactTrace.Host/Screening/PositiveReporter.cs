using System.Threading.Channels;
using ContactTrace.Cases;
using ContactTrace.Host.Model;
using Microsoft.Extensions.Options;

namespace ContactTrace.Host.Screening;

/// <summary>
/// Makes cases of positive results that are durable. A batch of results is answered once they are stored: its
/// positives are queued here (<see cref="Enqueue"/>), with the cases they make named in the answer, and reported in
/// the background — each through its person's <see cref="IPersonScreeningGrain"/> (one person's positives one at a
/// time, cluster-wide), a bounded number of persons at once — so that positives never slow the batch. A positive
/// whose report was lost (the process stopped) is still pending in the store: the scheduler reports it after
/// <see cref="Grace"/>.
/// </summary>
public sealed class PositiveReporter(
    IGrainFactory grains, ITestStore tests, ITraceResults traces, IOptions<ScreeningOptions> options, ILogger<PositiveReporter> logger) : BackgroundService
{
    /// <summary>How long a stored positive may wait for its case before the scheduler reports it (its report was lost).</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(1);

    private readonly Channel<IReadOnlyList<PendingPositive>> _queue = Channel.CreateBounded<IReadOnlyList<PendingPositive>>(
        new BoundedChannelOptions(256) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    // Persons whose queued positive will make their case: a later positive of theirs makes none.
    private readonly ConcurrentDictionary<string, string> _queued = new(StringComparer.Ordinal);

    /// <summary>
    /// Queues the positives for reporting and says which cases they make: the first positive of each person who is
    /// not a case yet (nor about to become one by a positive queued before) makes the case of its result.
    /// </summary>
    public async Task<IReadOnlyList<string>> EnqueueAsync(IReadOnlyList<PendingPositive> positives, CancellationToken cancellationToken)
    {
        if (positives.Count == 0)
        {
            return [];
        }

        var persons = positives.Select(p => p.Test.PersonId).Distinct(StringComparer.Ordinal).ToList();
        var cases = await traces.FindCasePersonsAsync("", persons, cancellationToken);
        var made = new List<string>();
        foreach (var positive in positives)
        {
            var personId = positive.Test.PersonId;
            var caseId = ScreeningIds.CaseForTest(positive.Test.TestId);
            if (_queued.GetValueOrDefault(personId) == caseId)
            {
                // This result's report is under way (a batch sent again while it runs): its case is already stored, or
                // about to be, before the person's management says so.
                made.Add(caseId);
            }
            else if (cases.NotContacts.Contains(personId) || cases.BecameCases.Contains(personId))
            {
                // A case already: this result's own (made, not yet recorded beside it — a batch sent again), or another.
                // The case itself is asked: the person's management says so only once its trace has begun.
                if (await grains.GetGrain<ICaseGrain>(caseId).GetAsync() is { } own && own.Report.PersonId == personId)
                {
                    made.Add(caseId);
                }
            }
            else if (_queued.TryAdd(personId, caseId))
            {
                made.Add(caseId);
            }
        }

        await _queue.Writer.WriteAsync(positives, cancellationToken);
        return made;
    }

    /// <summary>Reports positives now, in order per person; returns the outcomes (used for those a request left behind).</summary>
    public async Task<IReadOnlyList<PositiveOutcome>> ReportAsync(IReadOnlyList<PendingPositive> positives, CancellationToken cancellationToken)
    {
        if (positives.Count == 0)
        {
            return [];
        }

        var outcomes = new ConcurrentBag<PositiveOutcome>();
        var byPerson = positives.GroupBy(p => p.Test.PersonId, StringComparer.Ordinal);
        await Parallel.ForEachAsync(byPerson, new ParallelOptions { MaxDegreeOfParallelism = options.Value.PositiveFanOut, CancellationToken = cancellationToken },
            async (person, _) =>
            {
                foreach (var positive in person)
                {
                    if (await grains.GetGrain<IPersonScreeningGrain>(positive.Test.PersonId).ReportPositiveAsync(positive.Test, positive.ReceivedAt) is { } outcome)
                    {
                        outcomes.Add(outcome);
                    }
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

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var positives in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await ReportAsync(positives, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // They stay pending in the store: the scheduler reports them after the grace period.
                logger.LogWarning(exception, "Reporting {Count} positive results failed; they are reported again within {Grace}.", positives.Count, Grace);
            }
            finally
            {
                foreach (var positive in positives)
                {
                    _queued.TryRemove(new KeyValuePair<string, string>(positive.Test.PersonId, ScreeningIds.CaseForTest(positive.Test.TestId)));
                }
            }
        }
    }
}
