namespace ContactTrace.CityGenerator;

/// <summary>
/// A place code. <see cref="Popularity"/> is the venue's relative weight when a person picks where to scan;
/// within a kind it falls off Zipf-like, so a few venues are very busy and most are small.
/// </summary>
public sealed record class Venue(string VenueId, string Name, string District, string Kind, double Popularity);
