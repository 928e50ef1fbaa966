namespace ContactTrace.Host.Model;

/// <summary>The body of <c>POST /api/cases/{caseId}/contacts</c>.</summary>
public sealed record class ReportedContactInput(string? PersonId, string? At, string? Until, string? Setting, string? Note);
