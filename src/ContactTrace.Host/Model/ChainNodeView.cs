namespace ContactTrace.Host.Model;

public sealed record class ChainNodeView(
    string Id, string Kind, string PersonId, string? Classification, string? District, DateTimeOffset? ReportedAt, int? Tier, string? Category);
