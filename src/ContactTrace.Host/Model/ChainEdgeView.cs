namespace ContactTrace.Host.Model;

public sealed record class ChainEdgeView(string From, string To, string Kind, DateTimeOffset? At, string? VenueId);
