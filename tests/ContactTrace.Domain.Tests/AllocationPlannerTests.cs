using ContactTrace.Hotels;

namespace ContactTrace.Domain.Tests;

/// <summary>
/// <see cref="AllocationPlanner"/> and <see cref="DistrictDistances"/> as pure code: own district first, else the
/// nearest (main urban, then outer districts, then counties; ties in the official order), households together
/// where one hotel has room for all, first come first served, never beyond the free rooms, nobody placed twice.
/// </summary>
public sealed class AllocationPlannerTests
{
    private static readonly DateTimeOffset T0 = new(2022, 11, 20, 8, 0, 0, TimeSpan.Zero);

    private static AwaitingPlacement Waiting(string id, string? district, int minute, string? household = null) =>
        new(id, $"p-{id}", district, household, T0.AddMinutes(minute));

    private static HotelAvailability Hotel(string id, string district, int free) => new(id, district, free);

    /// <summary>The plan turned around: which hotel each placed assignment goes to.</summary>
    private static Dictionary<string, string> HotelOf(IReadOnlyDictionary<string, List<string>> plan) =>
        plan.SelectMany(p => p.Value.Select(a => (Assignment: a, Hotel: p.Key))).ToDictionary(x => x.Assignment, x => x.Hotel);

    private static Dictionary<string, string> Plan(IReadOnlyList<AwaitingPlacement> awaiting, IReadOnlyList<HotelAvailability> hotels, DistrictDistances? distances = null) =>
        HotelOf(AllocationPlanner.Plan(awaiting, hotels, distances ?? DistrictDistances.Default));

    [Fact]
    public void APersonGoesToAHotelInTheirOwnDistrictFirst()
    {
        // Act
        var placed = Plan([Waiting("a", "nangang", 0)], [Hotel("h-daoli", "daoli", 5), Hotel("h-nangang", "nangang", 5)]);

        // Assert
        Assert.Equal(new Dictionary<string, string> { ["a"] = "h-nangang" }, placed);
    }

    [Fact]
    public void WhenTheOwnDistrictIsFullAPersonGoesToTheNearestDistrictWithARoom()
    {
        // Act
        var placed = Plan(
            [Waiting("a", "nangang", 0)],
            [Hotel("h-nangang", "nangang", 0), Hotel("h-hulan", "hulan", 5), Hotel("h-daowai", "daowai", 5), Hotel("h-yilan", "yilan", 5)]);

        // Assert
        Assert.Equal(new Dictionary<string, string> { ["a"] = "h-daowai" }, placed);
    }

    [Theory]
    [InlineData("daoli", "h-songbei")] // main urban before an outer district before a county
    [InlineData("hulan", "h-songbei")] // from an outer district the main urban ring is still nearer than a county
    [InlineData("yilan", "h-songbei")] // and from a county too
    public void MainUrbanDistrictsComeBeforeOuterDistrictsBeforeCounties(string district, string expected)
    {
        // Act
        var placed = Plan([Waiting("a", district, 0)], [Hotel("h-acheng", "acheng", 5), Hotel("h-fangzheng", "fangzheng", 5), Hotel("h-songbei", "songbei", 5)]);

        // Assert
        Assert.Equal(expected, placed["a"]);
    }

    [Fact]
    public void AnOuterDistrictComesBeforeACounty()
    {
        // Act
        var placed = Plan([Waiting("a", "daoli", 0)], [Hotel("a-yilan", "yilan", 5), Hotel("b-wuchang", "wuchang", 5), Hotel("z-shuangcheng", "shuangcheng", 5)]);

        // Assert
        Assert.Equal("z-shuangcheng", placed["a"]);
    }

    [Fact]
    public void DistrictsAtTheSameDistanceAreTriedInTheOfficialOrderNotByHotelId()
    {
        // xiangfang (official order 5) and nangang (1) are both main urban, as far from daoli as each other.
        var hotels = new[] { Hotel("a-xiangfang", "xiangfang", 1), Hotel("z-nangang", "nangang", 1) };

        // Act
        var placed = Plan([Waiting("a", "daoli", 0), Waiting("b", "daoli", 1)], hotels);

        // Assert
        Assert.Equal(new Dictionary<string, string> { ["a"] = "z-nangang", ["b"] = "a-xiangfang" }, placed);
    }

    [Fact]
    public void HotelsOfOneDistrictAreFilledInHotelIdOrder()
    {
        // Act
        var placed = Plan(
            [Waiting("a", "daoli", 0), Waiting("b", "daoli", 1), Waiting("c", "daoli", 2)],
            [Hotel("h-2", "daoli", 5), Hotel("h-1", "daoli", 2)]);

        // Assert
        Assert.Equal(new Dictionary<string, string> { ["a"] = "h-1", ["b"] = "h-1", ["c"] = "h-2" }, placed);
    }

    [Fact]
    public void AHouseholdGoesTogetherToTheNearestHotelWithRoomForAllOfIt()
    {
        // The own district has two rooms, the household is three: all three go one district further.
        var awaiting = new[] { Waiting("a", "daoli", 0, "h1"), Waiting("b", "daoli", 1, "h1"), Waiting("c", "daoli", 2, "h1") };

        // Act
        var placed = Plan(awaiting, [Hotel("h-daoli", "daoli", 2), Hotel("h-nangang", "nangang", 3)]);

        // Assert
        Assert.Equal(new Dictionary<string, string> { ["a"] = "h-nangang", ["b"] = "h-nangang", ["c"] = "h-nangang" }, placed);
    }

    [Fact]
    public void AHouseholdIsSplitNearestFirstWhenNoHotelHasRoomForAllOfIt()
    {
        var awaiting = new[] { Waiting("a", "daoli", 0, "h1"), Waiting("b", "daoli", 1, "h1"), Waiting("c", "daoli", 2, "h1") };

        // Act
        var placed = Plan(awaiting, [Hotel("h-daoli", "daoli", 2), Hotel("h-nangang", "nangang", 1), Hotel("h-hulan", "hulan", 1)]);

        // Assert
        Assert.Equal(new Dictionary<string, string> { ["a"] = "h-daoli", ["b"] = "h-daoli", ["c"] = "h-nangang" }, placed);
    }

    [Fact]
    public void AHouseholdThatCannotAllBePlacedHasItsEarliestMembersPlacedAndTheRestWaiting()
    {
        var awaiting = new[] { Waiting("c", "daoli", 2, "h1"), Waiting("a", "daoli", 0, "h1"), Waiting("b", "daoli", 1, "h1") };

        // Act
        var placed = Plan(awaiting, [Hotel("h-daoli", "daoli", 1), Hotel("h-hulan", "hulan", 1)]);

        // Assert
        Assert.Equal(new Dictionary<string, string> { ["a"] = "h-daoli", ["b"] = "h-hulan" }, placed);
    }

    [Fact]
    public void AHouseholdMovesAtThePlaceOfItsEarliestWaitingMember()
    {
        // a (household h1) came first, then x alone, then c of a's household: a and c go together, before x.
        var awaiting = new[] { Waiting("x", "daoli", 1), Waiting("c", "daoli", 2, "h1"), Waiting("a", "daoli", 0, "h1") };

        // Act
        var placed = Plan(awaiting, [Hotel("h-daoli", "daoli", 2)]);

        // Assert
        Assert.Equal(new Dictionary<string, string> { ["a"] = "h-daoli", ["c"] = "h-daoli" }, placed);
    }

    [Fact]
    public void RoomsGoFirstComeFirstServedByQueuedTimeWhateverTheInputOrder()
    {
        var awaiting = new[] { Waiting("late", "daoli", 30), Waiting("first", "daoli", 0), Waiting("middle", "daoli", 10) };

        // Act
        var plan = AllocationPlanner.Plan(awaiting, [Hotel("h-daoli", "daoli", 2)], DistrictDistances.Default);

        // Assert
        Assert.Equal(["h-daoli"], plan.Keys);
        Assert.Equal(["first", "middle"], plan["h-daoli"]);
    }

    [Fact]
    public void ThoseQueuedAtTheSameMomentAreServedInAssignmentIdOrder()
    {
        var awaiting = new[] { Waiting("b", "daoli", 0), Waiting("c", "daoli", 0), Waiting("a", "daoli", 0) };

        // Act
        var plan = AllocationPlanner.Plan(awaiting, [Hotel("h-daoli", "daoli", 2)], DistrictDistances.Default);

        // Assert
        Assert.Equal(["a", "b"], plan["h-daoli"]);
    }

    [Fact]
    public void AnEarlierPersonFromAFarDistrictTakesTheLastRoomBeforeALaterLocal()
    {
        // Act
        var placed = Plan([Waiting("local", "daoli", 5), Waiting("far", "yilan", 0)], [Hotel("h-daoli", "daoli", 1)]);

        // Assert
        Assert.Equal(new Dictionary<string, string> { ["far"] = "h-daoli" }, placed);
    }

    [Fact]
    public void NobodyIsPlacedBeyondTheFreeRoomsAndFullOrOverbookedHotelsGetNobody()
    {
        var awaiting = Enumerable.Range(0, 40).Select(i => Waiting($"a{i:D2}", i % 2 == 0 ? "daoli" : "hulan", i)).ToArray();
        HotelAvailability[] hotels = [Hotel("h-1", "daoli", 7), Hotel("h-2", "hulan", 5), Hotel("h-full", "daoli", 0), Hotel("h-over", "nangang", -3)];

        // Act
        var plan = AllocationPlanner.Plan(awaiting, hotels, DistrictDistances.Default);

        // Assert
        Assert.Equal(7, plan["h-1"].Count);
        Assert.Equal(5, plan["h-2"].Count);
        Assert.False(plan.ContainsKey("h-full"));
        Assert.False(plan.ContainsKey("h-over"));
        Assert.Equal(awaiting.Take(12).Select(a => a.AssignmentId).Order(), plan.Values.SelectMany(ids => ids).Order());
    }

    [Fact]
    public void ThoseNotPlacedAreSimplyLeftOutOfThePlanAndNobodyIsPlacedTwice()
    {
        var awaiting = new[]
        {
            Waiting("a", "daoli", 0, "h1"), Waiting("b", "daoli", 1, "h1"), Waiting("c", "nangang", 2), Waiting("d", "hulan", 3, "h2"),
            Waiting("e", "hulan", 4, "h2"), Waiting("f", null, 5), Waiting("g", "yilan", 6),
        };

        // Act
        var plan = AllocationPlanner.Plan(awaiting, [Hotel("h-daoli", "daoli", 2), Hotel("h-hulan", "hulan", 2)], DistrictDistances.Default);

        // Assert
        var placed = plan.Values.SelectMany(ids => ids).ToList();
        Assert.Equal(placed.Count, placed.Distinct().Count());
        Assert.Equal(["a", "b", "c", "d"], placed.Order());
        Assert.Equal(["a", "b"], plan["h-daoli"]);
        Assert.Equal(["c", "d"], plan["h-hulan"]);
    }

    [Fact]
    public void NothingIsPlannedWithoutHotelsOrWithoutAnybodyWaiting()
    {
        Assert.Empty(AllocationPlanner.Plan([Waiting("a", "daoli", 0)], [], DistrictDistances.Default));
        Assert.Empty(AllocationPlanner.Plan([], [Hotel("h-daoli", "daoli", 3)], DistrictDistances.Default));
    }

    [Fact]
    public void APersonWithoutADistrictStillGetsARoom()
    {
        // Act
        var placed = Plan([Waiting("a", null, 0)], [Hotel("h-full", "daoli", 0), Hotel("h-hulan", "hulan", 1)]);

        // Assert
        Assert.Equal(new Dictionary<string, string> { ["a"] = "h-hulan" }, placed);
    }

    [Fact]
    public void TheRingModelMeasuresDistancesBetweenUnits()
    {
        var distances = DistrictDistances.Default;

        Assert.Equal(0, distances.Between("daoli", "daoli"));
        Assert.Equal(0, distances.Between("yilan", "yilan"));
        Assert.Equal(2, distances.Between("daoli", "songbei"));
        Assert.Equal(3, distances.Between("daoli", "hulan"));
        Assert.Equal(4, distances.Between("daoli", "yilan"));
        Assert.Equal(4, distances.Between("daoli", "wuchang"));
        Assert.Equal(4, distances.Between("hulan", "acheng"));
        Assert.Equal(6, distances.Between("yilan", "fangzheng"));
        Assert.Equal(distances.Between("hulan", "daoli"), distances.Between("daoli", "hulan"));
        Assert.Equal(5, distances.Between("daoli", "atlantis"));
    }

    [Fact]
    public void NearestFirstOrdersDistrictsByDistanceThenOfficialOrderWithoutDuplicates()
    {
        // Act
        var order = DistrictDistances.Default.NearestFirst("pingfang", ["wuchang", "yilan", "hulan", "xiangfang", "daoli", "shuangcheng", "pingfang", "daoli"]);

        // Assert
        Assert.Equal(["pingfang", "daoli", "xiangfang", "hulan", "shuangcheng", "yilan", "wuchang"], order);
    }

    [Fact]
    public void AnOverriddenDistanceAppliesInBothDirections()
    {
        var distances = new DistrictDistances(new Dictionary<(string From, string To), int> { [("daoli", "hulan")] = 1 });

        Assert.Equal(1, distances.Between("daoli", "hulan"));
        Assert.Equal(1, distances.Between("hulan", "daoli"));
        Assert.Equal(2, distances.Between("daoli", "nangang"));
        Assert.Equal(4, distances.Between("hulan", "acheng"));
    }

    [Fact]
    public void OverriddenDistancesChangeWhereAPersonIsSent()
    {
        var distances = new DistrictDistances(new Dictionary<(string From, string To), int> { [("yilan", "daoli")] = 1 });
        HotelAvailability[] hotels = [Hotel("h-nangang", "nangang", 5), Hotel("h-yilan", "yilan", 5)];

        // Act
        var withDefault = Plan([Waiting("a", "daoli", 0)], hotels);
        var withOverride = Plan([Waiting("a", "daoli", 0)], hotels, distances);

        // Assert
        Assert.Equal("h-nangang", withDefault["a"]);
        Assert.Equal("h-yilan", withOverride["a"]);
    }

    [Fact]
    public void AnOverrideOfZeroDoesNotPutAnotherDistrictBeforeTheOwnOne()
    {
        // Configuration accepts 0 between two districts; daoli comes before nangang in the official order.
        var distances = new DistrictDistances(new Dictionary<(string From, string To), int> { [("nangang", "daoli")] = 0 });

        // Act
        var placed = Plan([Waiting("a", "nangang", 0)], [Hotel("h-daoli", "daoli", 5), Hotel("h-nangang", "nangang", 5)], distances);

        // Assert
        Assert.Equal("h-nangang", placed["a"]);
    }
}
