namespace ContactTrace.Screening;

/// <summary>
/// What the health-code rules read of one person, in bulk for many at once: the management and its assignments,
/// the active high-risk zone of the person's compound, and the person's recent test results.
/// </summary>
public sealed record class HealthFacts(
    string PersonId,
    PersonManagement Management,
    IReadOnlyList<Assignment> Assignments,
    ZoneResidence? Zone,
    IReadOnlyList<TestSample> Tests);

/// <summary>The active high-risk zone a person lives in, and since when it is active.</summary>
public sealed record class ZoneResidence(string ZoneId, DateTimeOffset Since);

/// <summary>A test result as the health-code rules need it.</summary>
public sealed record class TestSample(DateTimeOffset SampledAt, bool Positive, string Context);
