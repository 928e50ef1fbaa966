namespace ContactTrace.Grains.Venues;

[GenerateSerializer, Alias("ContactTrace.VenueState")]
public sealed record class VenueState
{
    [Id(0)]
    public VenueProfile? Profile { get; init; }
}
