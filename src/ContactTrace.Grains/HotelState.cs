namespace ContactTrace.Grains;

[GenerateSerializer, Alias("ContactTrace.HotelState")]
public sealed record class HotelState
{
    [Id(0)]
    public HotelProfile? Profile { get; init; }

    [Id(1)]
    public int Occupied { get; init; }

    [Id(2)]
    public int Awaiting { get; init; }
}
