namespace ContactTrace.Oracle;

/// <summary>What the oracle reads of a case before tracing it; times are UTC.</summary>
internal sealed record class TracedCase(string PersonId, DateTime WindowStart, DateTime WindowEnd, string[] Household);
