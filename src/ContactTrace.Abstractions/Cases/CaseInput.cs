namespace ContactTrace.Cases;

/// <summary>The body of <c>POST /api/cases</c>; times are text so that each bad one is named in the problem.</summary>
public sealed record class CaseInput(
    string? CaseId,
    string? PersonId,
    string? Classification,
    string? SampledAt,
    string? OnsetAt,
    string? ReportedAt,
    string? District,
    string? DiscoveryChannel,
    string? IsolatedAt);
