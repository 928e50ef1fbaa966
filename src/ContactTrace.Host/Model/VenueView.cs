namespace ContactTrace.Host.Model;

public sealed record class VenueView(string VenueId, string Name, string District, string Kind, string VenueClass);
