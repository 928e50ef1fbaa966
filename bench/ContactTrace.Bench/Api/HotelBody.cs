namespace ContactTrace.Bench.Api;

/// <summary>The body of <c>PUT /api/hotels/{hotelId}</c>.</summary>
internal sealed record class HotelBody(string Name, string District, int Capacity);
