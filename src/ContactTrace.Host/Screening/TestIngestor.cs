using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;

namespace ContactTrace.Host.Screening;

/// <summary>
/// Takes one batch of test results from validation to durable storage to the cases they make: the records are
/// validated, their persons checked against the registry in one read (unknown ones registered when the record
/// names a district), the batch written with one bulk COPY, the persons whose health code a result can change
/// marked, and the positive results queued to be made cases in the background (<see cref="PositiveReporter"/>). A result
/// re-sent is a duplicate; one re-sent with another result or person is rejected, and the first stands.
/// </summary>
public sealed class TestIngestor(
    ITestStore tests,
    IHealthCodeStore codes,
    PositiveReporter positives,
    IGrainFactory grains,
    IOptions<ScreeningOptions> options,
    [FromKeyedServices(Clock.Key)] TimeProvider time,
    ILogger<TestIngestor> logger)
{
    private static readonly Counter<long> Accepted = ContactTraceTelemetry.Meter.CreateCounter<long>("contacttrace.tests.accepted", description: "Test results stored durably.");
    private static readonly Counter<long> Duplicates = ContactTraceTelemetry.Meter.CreateCounter<long>("contacttrace.tests.duplicates", description: "Test results received again and ignored.");
    private static readonly Counter<long> Rejected = ContactTraceTelemetry.Meter.CreateCounter<long>("contacttrace.tests.rejected", description: "Test results rejected.");
    private static readonly Counter<long> CasesMade = ContactTraceTelemetry.Meter.CreateCounter<long>("contacttrace.tests.cases", description: "Cases made by positive results.");
    private static readonly Histogram<double> BatchDuration = ContactTraceTelemetry.Meter.CreateHistogram<double>("contacttrace.tests.batch.duration", "s", "Time to make a batch of test results durable and report its positives.");

    public async Task<TestIngestResult> IngestAsync(IReadOnlyList<TestInput> inputs, IReadOnlyList<(int Index, string Message)> unreadable, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var now = time.GetUtcNow();
        var (valid, positions, rejected) = Validate(inputs, unreadable, now);
        await RegisterPersonsAsync(inputs, valid, positions, rejected, cancellationToken);

        var checkedAt = Stopwatch.GetTimestamp();
        var stored = await tests.InsertAsync(valid, now, cancellationToken);
        var storedAt = Stopwatch.GetTimestamp();
        var (accepted, duplicates, kept, pending, casesCreated) = (0, 0, new List<TestResult>(valid.Count), new List<PendingPositive>(), new List<string>());
        for (var i = 0; i < valid.Count; i++)
        {
            var (test, before) = (valid[i], stored[i]);
            if (!before.IsNew && Conflict(test, before) is { } conflict)
            {
                rejected.Add(new TestRejection(positions[i], test.TestId, conflict.Field, conflict.Message));
                continue;
            }

            (accepted, duplicates) = before.IsNew ? (accepted + 1, duplicates) : (accepted, duplicates + 1);
            kept.Add(test);
            if (test.Positive && before.CaseId is null)
            {
                pending.Add(new PendingPositive(test, before.ReceivedAt));
            }
            else if (before is { CaseCreated: true, CaseId: { } caseId })
            {
                casesCreated.Add(caseId);
            }
        }

        try
        {
            // The results are durable from here on: a failure now answers "stored; send the batch again", and the
            // scheduler reports any positive left behind. The positives are reported in the background: the answer
            // names the cases they make, and never waits for them.
            await codes.MarkTestedAsync(kept, cancellationToken);
            var markedAt = Stopwatch.GetTimestamp();
            var made = await positives.EnqueueAsync(pending, CancellationToken.None);
            logger.LogDebug("Test batch of {Records}: checked in {Checked} ms, stored in {Stored} ms, codes marked in {Marked} ms, {Positives} positives queued.",
                inputs.Count, (long)Stopwatch.GetElapsedTime(started, checkedAt).TotalMilliseconds, (long)Stopwatch.GetElapsedTime(checkedAt, storedAt).TotalMilliseconds,
                (long)Stopwatch.GetElapsedTime(storedAt, markedAt).TotalMilliseconds, pending.Count);
            casesCreated.AddRange(made);
            CasesMade.Add(made.Count);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new TestsStoredException(accepted, duplicates, exception);
        }

        Accepted.Add(accepted);
        Duplicates.Add(duplicates);
        Rejected.Add(rejected.Count);
        BatchDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        rejected.Sort((a, b) => a.Index.CompareTo(b.Index));
        return new TestIngestResult(accepted, duplicates, rejected, [.. casesCreated.Distinct(StringComparer.Ordinal)]);
    }

    private (List<TestResult> Valid, List<int> Positions, List<TestRejection> Rejected) Validate(
        IReadOnlyList<TestInput> inputs, IReadOnlyList<(int Index, string Message)> unreadable, DateTimeOffset now)
    {
        var validator = new TestValidator(options.Value, now);
        var unread = unreadable.ToDictionary(u => u.Index, u => u.Message);
        var (valid, positions, rejected) = (new List<TestResult>(inputs.Count), new List<int>(inputs.Count), new List<TestRejection>());
        for (var i = 0; i < inputs.Count; i++)
        {
            if (unread.TryGetValue(i, out var message))
            {
                rejected.Add(new TestRejection(i, null, "body", message));
            }
            else if (validator.TryValidate(i, inputs[i], out var test, out var rejection))
            {
                valid.Add(test!);
                positions.Add(i);
            }
            else
            {
                rejected.Add(rejection!);
            }
        }

        return (valid, positions, rejected);
    }

    // Persons the registry does not know: registered through their grain when the record names a district (an
    // arrival, a visitor), otherwise rejected. Most batches find every person registered with one read.
    private async Task RegisterPersonsAsync(
        IReadOnlyList<TestInput> inputs, List<TestResult> valid, List<int> positions, List<TestRejection> rejected, CancellationToken cancellationToken)
    {
        var registered = await tests.FindRegisteredAsync(valid.Select(t => t.PersonId).ToHashSet(StringComparer.Ordinal), cancellationToken);
        var unknown = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = valid.Count - 1; i >= 0; i--)
        {
            if (registered.Contains(valid[i].PersonId))
            {
                continue;
            }

            if (inputs[positions[i]].District is { } district)
            {
                unknown.TryAdd(valid[i].PersonId, district);
                continue;
            }

            rejected.Add(new TestRejection(positions[i], valid[i].TestId, "personId", $"person '{valid[i].PersonId}' is not registered; send the record's district to register them"));
            valid.RemoveAt(i);
            positions.RemoveAt(i);
        }

        await Parallel.ForEachAsync(unknown, new ParallelOptions { MaxDegreeOfParallelism = options.Value.PositiveFanOut, CancellationToken = cancellationToken },
            async (person, _) => await grains.GetGrain<IPersonGrain>(person.Key).SetProfileAsync(new PersonProfile(person.Value, null, null, null)));
    }

    private static (string Field, string Message)? Conflict(TestResult test, StoredTest before) =>
        before.PersonId != test.PersonId ? ("personId", $"test '{test.TestId}' was stored before for another person; the first result stands")
        : before.Positive != test.Positive ? ("result", $"test '{test.TestId}' was stored before as {(before.Positive ? TestResults.Positive : TestResults.Negative)}; the first result stands")
        : null;
}

/// <summary>The answer of <c>POST /api/tests</c>, sent once every accepted result is durable and every positive one a case.</summary>
public sealed record class TestIngestResult(int Accepted, int Duplicates, IReadOnlyList<TestRejection> Rejected, IReadOnlyList<string> CasesCreated);

/// <summary>The results of a batch are durable, but marking codes or reporting its positives failed: sending the batch again finishes it.</summary>
public sealed class TestsStoredException(int accepted, int duplicates, Exception inner)
    : Exception("The test results are stored durably, but their follow-up did not finish; send the batch again to finish it.", inner)
{
    public int Accepted { get; } = accepted;

    public int Duplicates { get; } = duplicates;
}
