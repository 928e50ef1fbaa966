namespace ContactTrace.Host.Model;

/// <summary>The body of <c>PUT /api/cases/{caseId}/classification</c>.</summary>
public sealed record class ClassificationInput(string? Classification, string? At);
