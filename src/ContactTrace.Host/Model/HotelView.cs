namespace ContactTrace.Host.Model;

/// <summary>
/// The answer of <c>GET /api/hotels/{hotelId}</c>. <see cref="Awaiting"/>: the people waiting for a room (assignments
/// <c>awaiting-capacity</c>) who are registered in the hotel's district — the waiting list of
/// <c>GET /api/assignments?status=awaiting-capacity&amp;district=</c> for that district; every hotel of a district shows
/// the same number, and the bulletin's <c>awaitingCapacity</c> is the whole city's.
/// </summary>
public sealed record class HotelView(string HotelId, string Name, string District, int Capacity, int Occupied, int Awaiting);
