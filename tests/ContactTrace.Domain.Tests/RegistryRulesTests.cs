namespace ContactTrace.Domain.Tests;

public sealed class RegistryRulesTests
{
    [Theory]
    [InlineData("p-1", true)]
    [InlineData("A.b_c:d-9", true)]
    [InlineData("", false)]
    [InlineData("has space", false)]
    [InlineData("semi;colon", false)]
    [InlineData("张三", false)]
    public void IdsFollowTheApiRule(string id, bool valid) => Assert.Equal(valid, Ids.IsValid(id));

    [Fact]
    public void IdsAreAtMost64Characters()
    {
        Assert.True(Ids.IsValid(new string('a', 64)));
        Assert.False(Ids.IsValid(new string('a', 65)));
    }

    [Fact]
    public void HarbinHasEighteenUnitsInOfficialOrder()
    {
        Assert.Equal(18, Districts.All.Length);
        Assert.Equal(["daoli", "nangang", "daowai"], Districts.All.Take(3).Select(d => d.Code));
        Assert.Equal(9, Districts.All.Count(d => d.Kind == DistrictKind.District));
        Assert.Equal(["daoli", "nangang", "daowai", "pingfang", "songbei", "xiangfang"], Districts.All.Where(d => d.IsMainUrban).Select(d => d.Code));
        Assert.Equal(Enumerable.Range(0, 18), Districts.All.Select(d => d.Order));
    }

    [Theory]
    [InlineData("restaurant", VenueClass.Close)]
    [InlineData("bath-house", VenueClass.Close)]
    [InlineData("bus", VenueClass.Close)]
    [InlineData("supermarket", VenueClass.Open)]
    [InlineData("market", VenueClass.Open)]
    [InlineData("hospital", VenueClass.Open)]
    public void VenueKindsFallInTheirClass(string kind, VenueClass expected) => Assert.Equal(expected, VenueKinds.ClassOf(kind));
}
