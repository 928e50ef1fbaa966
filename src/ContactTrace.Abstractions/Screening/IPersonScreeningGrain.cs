namespace ContactTrace.Screening;

/// <summary>
/// A person's positive results, keyed by person id: the one place they become a case, so that two positives of
/// one person arriving at once (in one batch, or in two) make one case, never two.
/// </summary>
[Alias("ContactTrace.IPersonScreeningGrain")]
public interface IPersonScreeningGrain : IGrainWithStringKey
{
    /// <summary>
    /// Makes the person a case for this positive result (<see cref="TestCases"/>), or finds the case they already
    /// are; the same result again gives the same answer. <c>null</c> when the case id is taken by another person's case.
    /// </summary>
    [Alias("ReportPositive")]
    Task<PositiveOutcome?> ReportPositiveAsync(TestResult test, DateTimeOffset receivedAt);
}
