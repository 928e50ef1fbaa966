namespace ContactTrace.Host.Model;

/// <summary>The answer of <c>GET /api/hotels/{hotelId}</c>.</summary>
public sealed record class HotelView(string HotelId, string Name, string District, int Capacity, int Occupied, int Awaiting);
