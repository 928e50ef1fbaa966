namespace ContactTrace.CityGenerator.Tests;

/// <summary>Small cities the tests share; generating one is deterministic, so sharing changes nothing.</summary>
internal static class Cities
{
    public static CityParameters Small { get; } = new() { Persons = 20_000, Days = 2, ScansPerDay = 4, Seed = 42 };

    public static City SmallCity { get; } = City.Generate(Small);
}
