namespace ContactTrace.CityGenerator;

/// <summary>An isolation hotel (集中隔离点) with its rooms.</summary>
public sealed record class Hotel(string HotelId, string Name, string District, int Capacity);
