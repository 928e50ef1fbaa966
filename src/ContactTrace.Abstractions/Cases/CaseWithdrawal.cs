namespace ContactTrace.Cases;

/// <summary>A case withdrawn as a false positive: when, and the tracer's reason. It stops counting from then on.</summary>
[GenerateSerializer, Immutable, Alias("ContactTrace.CaseWithdrawal")]
public sealed record class CaseWithdrawal(DateTimeOffset At, string Reason);
