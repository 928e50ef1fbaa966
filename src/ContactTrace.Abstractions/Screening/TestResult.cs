namespace ContactTrace.Screening;

/// <summary>An accepted laboratory result: a person's sample, when it was taken and read, and in which context.</summary>
[GenerateSerializer, Immutable, Alias("ContactTrace.TestResult")]
public sealed record class TestResult(
    string TestId,
    string PersonId,
    DateTimeOffset SampledAt,
    DateTimeOffset ResultAt,
    bool Positive,
    string Context,
    string? RoundId,
    string? Site);

/// <summary>Why the record at <see cref="Index"/> of a batch was not stored (or, for a result re-sent, why the first stands).</summary>
public sealed record class TestRejection(int Index, string? TestId, string Field, string Message);

/// <summary>A result as the laboratories write it.</summary>
public static class TestResults
{
    public const string Positive = "positive";
    public const string Negative = "negative";
}
