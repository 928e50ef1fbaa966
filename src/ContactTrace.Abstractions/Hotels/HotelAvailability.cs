namespace ContactTrace.Hotels;

/// <summary>A hotel as allocation sees it: where it is and how many rooms are free.</summary>
public sealed record class HotelAvailability(string HotelId, string District, int Free);
