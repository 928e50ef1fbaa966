namespace ContactTrace.Reports;

/// <summary>A link: <see cref="From"/> exposed <see cref="To"/> (case to case, or case to contact), how and when.</summary>
public sealed record class ClusterEdge(string From, string To, string Kind, DateTimeOffset? At, string? VenueId);
