namespace ContactTrace.Cases;

/// <summary>A contact a tracer found by interview (<c>POST /api/cases/{caseId}/contacts</c>).</summary>
[GenerateSerializer, Immutable, Alias("ContactTrace.ReportedContact")]
public sealed record class ReportedContact(string PersonId, DateTimeOffset At, DateTimeOffset? Until, string Setting, string? Note);
