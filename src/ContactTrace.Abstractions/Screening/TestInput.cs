namespace ContactTrace.Screening;

/// <summary>
/// One record of <c>POST /api/tests</c> as sent. Every field is text so that a bad value rejects its own record,
/// with its reason, instead of failing the whole batch. <see cref="District"/> registers a person the registry
/// does not know yet (an arrival, a visitor); a record for an unknown person without it is rejected.
/// </summary>
public sealed record class TestInput(
    string? TestId,
    string? PersonId,
    string? SampledAt,
    string? ResultAt,
    string? Result,
    TestContextInput? Context,
    string? District = null);

/// <summary>Where the sample was taken: the <see cref="Kind"/> of <see cref="SamplingContexts"/>, a screening round, a site.</summary>
public sealed record class TestContextInput(string? Kind, string? RoundId, string? Site);
