namespace ContactTrace.Hotels;

/// <summary>A hotel's rooms in use and the people of its district waiting for a room.</summary>
[GenerateSerializer, Immutable, Alias("ContactTrace.HotelOccupancy")]
public sealed record class HotelOccupancy(int Occupied, int Awaiting);
