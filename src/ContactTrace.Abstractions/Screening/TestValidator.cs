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

    private FieldError? Check(TestInput input, out DateTimeOffset sampledAt, out DateTimeOffset resultAt)
    {
        sampledAt = default;
        resultAt = default;
        if ((FieldErrors.IdProblem("testId", input.TestId) ?? FieldErrors.IdProblem("personId", input.PersonId)) is { } idProblem)
        {
            return idProblem;
        }

        if (input.Result is not (TestResults.Positive or TestResults.Negative))
        {
            return new FieldError("result", input.Result is null ? "is required" : "must be positive or negative");
        }

        if (ContextProblem(input.Context) is { } contextProblem)
        {
            return contextProblem;
        }

        if (input.District is not null && !Districts.IsKnown(input.District))
        {
            return new FieldError("district", "is not a district code");
        }

        if ((TimeProblem("sampledAt", input.SampledAt, out sampledAt) ?? TimeProblem("resultAt", input.ResultAt, out resultAt)) is { } timeProblem)
        {
            return timeProblem;
        }

        if (resultAt < sampledAt)
        {
            return new FieldError("resultAt", "is before sampledAt: a result cannot come before its sample");
        }

        return _seen.Add(input.TestId!) ? null : new FieldError("testId", "appears more than once in this batch");
    }

    private static FieldError? ContextProblem(TestContextInput? context) => context switch
    {
        null => new FieldError("context", "is required"),
        { Kind: null } => new FieldError("context.kind", "is required"),
        _ when !SamplingContexts.IsKnown(context.Kind) => new FieldError("context.kind", $"must be one of {string.Join(", ", SamplingContexts.All.Select(c => c.Kind))}"),
        _ when context.RoundId is not null && !Ids.IsValid(context.RoundId) => new FieldError("context.roundId", FieldErrors.IdRule),
        _ when context.Site is { } site && (site.Length > 200 || site.Any(char.IsControl)) => new FieldError("context.site", "must be at most 200 characters without control characters"),
        _ => null,
    };

    private FieldError? TimeProblem(string field, string? text, out DateTimeOffset time)
    {
        if (FieldErrors.TimeProblem(field, text, out time) is { } problem)
        {
            return problem;
        }

        if (time > now.AddMinutes(options.FutureToleranceMinutes))
        {
            return new FieldError(field, $"is more than {options.FutureToleranceMinutes} minutes in the future");
        }

        return time < now.AddDays(-options.RetentionDays)
            ? new FieldError(field, $"is older than the retention period of {options.RetentionDays} days")
            : null;
    }
}
