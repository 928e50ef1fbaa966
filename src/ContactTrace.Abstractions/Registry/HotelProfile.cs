namespace ContactTrace.Registry;

/// <summary>An isolation hotel (集中隔离点): its district and how many rooms it has.</summary>
[GenerateSerializer, Immutable, Alias("ContactTrace.HotelProfile")]
public sealed record class HotelProfile(string Name, string District, int Capacity);
