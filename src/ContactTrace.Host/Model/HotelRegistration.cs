namespace ContactTrace.Host.Model;

/// <summary>The body of <c>PUT /api/hotels/{hotelId}</c>.</summary>
public sealed record class HotelRegistration(string? Name, string? District, int? Capacity);
