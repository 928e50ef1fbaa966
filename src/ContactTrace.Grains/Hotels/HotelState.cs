namespace ContactTrace.Grains.Hotels;

/// <summary>The hotel's profile; occupancy is counted from the assignments in storage, where capacity is enforced.</summary>
[GenerateSerializer, Alias("ContactTrace.HotelState")]
public sealed record class HotelState
{
    [Id(0)]
    public HotelProfile? Profile { get; init; }
}
