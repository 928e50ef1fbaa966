namespace ContactTrace.Tracing;

/// <summary>One isolation measure for one person: its kind, period, hotel (for centralized isolation) and status.</summary>
[GenerateSerializer, Immutable, Alias("ContactTrace.Assignment")]
public sealed record class Assignment(
    string AssignmentId,
    string PersonId,
    string CaseId,
    string Kind,
    string? HotelId,
    DateTimeOffset Start,
    DateTimeOffset End,
    string Status);
