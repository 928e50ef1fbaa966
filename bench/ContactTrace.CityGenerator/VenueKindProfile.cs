namespace ContactTrace.CityGenerator;

/// <summary>
/// How one venue kind appears in the city: its share of all venues, its share of all visits, how steeply
/// popularity falls off within the kind (Zipf exponent), and whether it can be someone's regular place.
/// </summary>
internal sealed record class VenueKindProfile(
    string Kind, string Label, double CountShare, double VisitShare, double ZipfExponent, bool IsRegularPlace);
