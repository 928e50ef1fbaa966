namespace ContactTrace.Screening;

/// <summary>
/// The per-record rules of <c>POST /api/tests</c>, as pure code: ids well formed, a known result and sampling
/// context, times with an offset, nothing from the future, the result not before the sample, nothing older than the
/// retention period, and each test id once per batch. Whether the person is registered is checked afterwards.
/// </summary>
public sealed class TestValidator(ScreeningOptions options, DateTimeOffset now)
{
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    public bool TryValidate(int index, TestInput input, out TestResult? test, out TestRejection? rejection)
    {
        test = null;
        rejection = Check(input, out var sampledAt, out var resultAt) is { } failure
            ? new TestRejection(index, input.TestId, failure.Field, failure.Message)
            : null;
        if (rejection is null)
        {
            test = new TestResult(input.TestId!, input.PersonId!, sampledAt.ToUniversalTime(), resultAt.ToUniversalTime(),
                input.Result == TestResults.Positive, input.Context!.Kind!, input.Context.RoundId, input.Context.Site);
        }

        return rejection is null;
    }

    private (string Field, string Message)? Check(TestInput input, out DateTimeOffset sampledAt, out DateTimeOffset resultAt)
    {
        sampledAt = default;
        resultAt = default;
        if ((IdProblem("testId", input.TestId) ?? IdProblem("personId", input.PersonId)) is { } idProblem)
        {
            return idProblem;
        }

        if (input.Result is not (TestResults.Positive or TestResults.Negative))
        {
            return ("result", input.Result is null ? "is required" : "must be positive or negative");
        }

        if (ContextProblem(input.Context) is { } contextProblem)
        {
            return contextProblem;
        }

        if (input.District is not null && !Districts.IsKnown(input.District))
        {
            return ("district", "is not a district code");
        }

        if ((TimeProblem("sampledAt", input.SampledAt, out sampledAt) ?? TimeProblem("resultAt", input.ResultAt, out resultAt)) is { } timeProblem)
        {
            return timeProblem;
        }

        if (resultAt < sampledAt)
        {
            return ("resultAt", "is before sampledAt: a result cannot come before its sample");
        }

        return _seen.Add(input.TestId!) ? null : ("testId", "appears more than once in this batch");
    }

    private static (string Field, string Message)? ContextProblem(TestContextInput? context) => context switch
    {
        null => ("context", "is required"),
        { Kind: null } => ("context.kind", "is required"),
        _ when !SamplingContexts.IsKnown(context.Kind) => ("context.kind", $"must be one of {string.Join(", ", SamplingContexts.All.Select(c => c.Kind))}"),
        _ when context.RoundId is not null && !Ids.IsValid(context.RoundId) => ("context.roundId", "must be 1-64 characters of A-Z a-z 0-9 . _ : -"),
        _ when context.Site is { } site && (site.Length > 200 || site.Any(char.IsControl)) => ("context.site", "must be at most 200 characters without control characters"),
        _ => null,
    };

    private (string Field, string Message)? TimeProblem(string field, string? text, out DateTimeOffset time)
    {
        if (!IsoTime.TryParse(text, out time))
        {
            return (field, text is null ? "is required" : "must be an ISO-8601 timestamp with offset");
        }

        if (time > now.AddMinutes(options.FutureToleranceMinutes))
        {
            return (field, $"is more than {options.FutureToleranceMinutes} minutes in the future");
        }

        return time < now.AddDays(-options.RetentionDays)
            ? (field, $"is older than the retention period of {options.RetentionDays} days")
            : null;
    }

    private static (string Field, string Message)? IdProblem(string field, string? id) => id switch
    {
        null => (field, "is required"),
        _ when !Ids.IsValid(id) => (field, "must be 1-64 characters of A-Z a-z 0-9 . _ : -"),
        _ => null,
    };
}
