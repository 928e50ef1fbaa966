using System.Security.Cryptography;

namespace ContactTrace.CityGenerator.Tests;

public sealed class DeterminismTests
{
    [Fact]
    public void SameSeedAndParametersGiveByteIdenticalScans()
    {
        var parameters = Cities.Small with { Persons = 5_000 };

        var first = Digest(City.Generate(parameters));
        var second = Digest(City.Generate(parameters));

        Assert.Equal(first, second);
    }

    [Fact]
    public void AnotherSeedGivesOtherScans()
    {
        var parameters = Cities.Small with { Persons = 5_000 };

        var first = Digest(City.Generate(parameters));
        var other = Digest(City.Generate(parameters with { Seed = parameters.Seed + 1 }));

        Assert.NotEqual(first, other);
    }

    [Fact]
    public void SameSeedGivesTheSameRegistry()
    {
        var first = City.Generate(Cities.Small);
        var second = City.Generate(Cities.Small);

        Assert.Equal(first.Persons, second.Persons);
        Assert.Equal(first.Venues, second.Venues);
        Assert.Equal(first.Hotels, second.Hotels);
    }

    [Fact]
    public void ADayGeneratedAloneEqualsThatDayOfTheWholeStream()
    {
        var city = Cities.SmallCity;

        var secondDay = city.ScansOfDay(1).ToList();
        var fromStream = city.Scans().Skip((int)city.Parameters.ScansPerCityDay).ToList();

        Assert.Equal(fromStream, secondDay);
    }

    private static string Digest(City city)
    {
        using var stream = new MemoryStream();
        ScanNdjson.Write(city.Scans(), stream);
        return Convert.ToHexString(SHA256.HashData(stream.ToArray()));
    }
}
