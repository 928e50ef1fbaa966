namespace ContactTrace.Tracing;

/// <summary>What about a case changes after its trace, as it is now: its cluster (clusters merge) and how many of its contacts have since become cases.</summary>
public sealed record class CaseStanding(string ClusterId, int BecameCases);
