namespace ContactTrace.Oracle;

/// <summary>
/// One person a case reached, as the oracle computes it: the most severe category, its tier, and the span of the
/// evidence behind that category (first start, last end), from which isolation periods are counted.
/// </summary>
public sealed record class OracleContact(
    string CaseId,
    string PersonId,
    int Tier,
    string Category,
    DateTimeOffset FirstExposure,
    DateTimeOffset LastExposure);
