using ContactTrace.Registry;

namespace ContactTrace.Queries;

/// <summary>A hotel with the rooms its guests take now.</summary>
public sealed record class HotelRow(string HotelId, HotelProfile Profile, int Occupied);
