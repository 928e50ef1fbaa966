namespace ContactTrace.Registry;

/// <summary>A hotel's profile with its live occupancy and the people waiting for one of its rooms.</summary>
[GenerateSerializer, Immutable, Alias("ContactTrace.HotelStatus")]
public sealed record class HotelStatus(HotelProfile Profile, int Occupied, int Awaiting);
