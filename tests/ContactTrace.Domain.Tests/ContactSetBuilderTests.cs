using ContactTrace.Tracing;

namespace ContactTrace.Domain.Tests;

/// <summary>How a trace's exposures reduce to one finding per person.</summary>
public sealed class ContactSetBuilderTests
{
    private static readonly DateTimeOffset Day = new(2026, 11, 19, 0, 0, 0, TimeSpan.Zero);

    private static Exposure AtVenue(string venueId, int fromMinute, int untilMinute, string? via = null) =>
        new(ExposureKinds.Venue, venueId, Day.AddMinutes(fromMinute), Day.AddMinutes(untilMinute), via, null);

    private static readonly Exposure Household = new(ExposureKinds.Household, null, Day.AddHours(-40), Day.AddHours(8), null, null);

    [Fact]
    public void TheMostSevereCategoryWinsWhicheverIsAddedFirst()
    {
        var lowFirst = new ContactSetBuilder();
        lowFirst.Add("p-1", 1, ManagementCategory.VenueExposed, AtVenue("v-market", 60, 90));
        lowFirst.Add("p-1", 1, ManagementCategory.CloseContact, AtVenue("v-bus", 120, 150));
        var highFirst = new ContactSetBuilder();
        highFirst.Add("p-1", 1, ManagementCategory.CloseContact, AtVenue("v-bus", 120, 150));
        highFirst.Add("p-1", 1, ManagementCategory.VenueExposed, AtVenue("v-market", 60, 90));

        var expected = new ContactFinding("p-1", 1, ManagementCategory.CloseContact, Day.AddMinutes(120), Day.AddMinutes(150), [AtVenue("v-bus", 120, 150)], 1);
        Assert.Equal(expected, Assert.Single(lowFirst.Build()), FindingComparer.Instance);
        Assert.Equal(expected, Assert.Single(highFirst.Build()), FindingComparer.Instance);
    }

    [Fact]
    public void TheTierFollowsTheWinningCategory()
    {
        var builder = new ContactSetBuilder();
        builder.Add("p-close", 2, ManagementCategory.SecondaryContact, AtVenue("v-bus", 0, 30, via: "p-x"));
        builder.Add("p-close", 1, ManagementCategory.CloseContact, AtVenue("v-restaurant", 60, 90));
        builder.Add("p-secondary", 1, ManagementCategory.VenueExposed, AtVenue("v-market", 0, 30));
        builder.Add("p-secondary", 2, ManagementCategory.SecondaryContact, AtVenue("v-bus", 60, 90, via: "p-x"));

        var findings = builder.Build();

        Assert.Equal(
            [("p-close", 1, ManagementCategory.CloseContact), ("p-secondary", 2, ManagementCategory.SecondaryContact)],
            findings.Select(f => (f.PersonId, f.Tier, f.Category)));
    }

    [Fact]
    public void EvidenceOfTheSameCategoryAccumulatesAndDuplicatesCountOnce()
    {
        var builder = new ContactSetBuilder();
        builder.Add("p-1", 1, ManagementCategory.CloseContact, AtVenue("v-2", 300, 360));
        builder.Add("p-1", 1, ManagementCategory.CloseContact, Household);
        builder.Add("p-1", 1, ManagementCategory.CloseContact, AtVenue("v-1", 60, 90));
        builder.Add("p-1", 1, ManagementCategory.CloseContact, AtVenue("v-1", 60, 90));

        var finding = Assert.Single(builder.Build());

        Assert.Equal([Household, AtVenue("v-1", 60, 90), AtVenue("v-2", 300, 360)], finding.Exposures);
    }

    [Fact]
    public void FirstAndLastExposureSpanAllTheEvidence()
    {
        var builder = new ContactSetBuilder();
        builder.Add("p-1", 1, ManagementCategory.CloseContact, AtVenue("v-1", 60, 600));
        builder.Add("p-1", 1, ManagementCategory.CloseContact, AtVenue("v-2", 30, 45));
        builder.Add("p-1", 1, ManagementCategory.CloseContact, AtVenue("v-3", 200, 230));

        var finding = Assert.Single(builder.Build());

        Assert.Equal(Day.AddMinutes(30), finding.FirstExposure);
        Assert.Equal(Day.AddMinutes(600), finding.LastExposure);
    }

    [Fact]
    public void AnUpgradeDropsTheEvidenceAndPeriodOfTheLowerCategory()
    {
        var builder = new ContactSetBuilder();
        builder.Add("p-1", 2, ManagementCategory.SecondaryContact, AtVenue("v-bus", 0, 900, via: "p-x"));
        builder.Add("p-1", 1, ManagementCategory.CloseContact, AtVenue("v-restaurant", 60, 90));

        var finding = Assert.Single(builder.Build());

        Assert.Equal([AtVenue("v-restaurant", 60, 90)], finding.Exposures);
        Assert.Equal(Day.AddMinutes(60), finding.FirstExposure);
        Assert.Equal(Day.AddMinutes(90), finding.LastExposure);
    }

    [Fact]
    public void ExcludedPersonsAreLeftOutOfTheFindings()
    {
        var builder = new ContactSetBuilder();
        builder.Add("p-case", 1, ManagementCategory.CloseContact, Household);
        builder.Add("p-2", 1, ManagementCategory.CloseContact, Household);
        builder.Add("p-3", 2, ManagementCategory.SecondaryContact, AtVenue("v-bus", 0, 30, via: "p-2"));

        var findings = builder.Build(new HashSet<string>(["p-case", "p-3"], StringComparer.Ordinal));

        Assert.Equal(["p-2"], findings.Select(f => f.PersonId));
        Assert.Equal(3, builder.Count);
    }

    [Fact]
    public void FindingsAreOrderedByPersonIdOrdinally()
    {
        var builder = new ContactSetBuilder();
        foreach (var id in new[] { "p-b", "P-c", "p-a", "p-10", "p-2" })
        {
            builder.Add(id, 1, ManagementCategory.CloseContact, Household);
        }

        Assert.Equal(["P-c", "p-10", "p-2", "p-a", "p-b"], builder.Build().Select(f => f.PersonId));
    }

    [Fact]
    public void TheSameExposuresInAnyOrderBuildTheSameFindings()
    {
        var additions = new List<(string PersonId, int Tier, string Category, Exposure Exposure)>();
        for (var i = 0; i < 80; i++)
        {
            additions.Add(("p-busy", 1, ManagementCategory.CloseContact, AtVenue($"v-{i % 7}", 10 * (i % 13), 10 * (i % 13) + 30)));
            additions.Add(("p-busy", 2, ManagementCategory.SecondaryContact, AtVenue($"v-{i % 5}", i, i + 5, via: $"p-{i % 3}")));
            additions.Add(($"p-{i % 9}", 1 + i % 2, i % 2 == 0 ? ManagementCategory.VenueExposed : ManagementCategory.SecondaryContact, AtVenue("v-shared", i, i + 1, via: i % 2 == 0 ? null : "p-x")));
        }

        var reference = Build(additions);
        var random = new Random(4);
        for (var round = 0; round < 20; round++)
        {
            var shuffled = additions.ToArray();
            random.Shuffle(shuffled);

            Assert.Equal(reference, Build(shuffled), FindingsComparer.Instance);
        }

        static ImmutableArray<ContactFinding> Build(IEnumerable<(string PersonId, int Tier, string Category, Exposure Exposure)> items)
        {
            var builder = new ContactSetBuilder();
            foreach (var (personId, tier, category, exposure) in items)
            {
                builder.Add(personId, tier, category, exposure);
            }

            return builder.Build();
        }
    }

    [Fact]
    public void EvidenceIsCappedAtTheEarliestItemsAndTheLatestWhileTheCountAndPeriodCoverThemAll()
    {
        var builder = new ContactSetBuilder();
        var count = ContactSetBuilder.MaxEvidence + 25;
        foreach (var i in Enumerable.Range(0, count).Reverse())
        {
            builder.Add("p-1", 2, ManagementCategory.SecondaryContact, AtVenue("v-bus", i * 10, i * 10 + 5, via: "p-x"));
        }

        var finding = Assert.Single(builder.Build());

        Assert.Equal(20, ContactSetBuilder.MaxEvidence);
        Assert.Equal(
            [.. Enumerable.Range(0, ContactSetBuilder.MaxEvidence).Append(count - 1).Select(i => AtVenue("v-bus", i * 10, i * 10 + 5, via: "p-x"))],
            finding.Exposures);
        Assert.Equal(count, finding.EvidenceCount);
        Assert.Equal(Day, finding.FirstExposure);
        Assert.Equal(Day.AddMinutes((count - 1) * 10 + 5), finding.LastExposure);
    }

    [Fact]
    public void PastTheTraceBudgetEachPersonKeepsOnlyTheirFirstAndLatestEvidence()
    {
        var builder = new ContactSetBuilder(evidenceBudget: 10);
        foreach (var person in Enumerable.Range(0, 20))
        {
            foreach (var i in Enumerable.Range(0, 5))
            {
                builder.Add($"p-{person:D2}", 1, ManagementCategory.CloseContact, AtVenue("v-bath", i * 60, i * 60 + 30));
            }
        }

        var findings = builder.Build();

        Assert.True(builder.Summarising);
        Assert.Equal(20, findings.Length);
        Assert.All(findings, f => Assert.Equal((5, Day, Day.AddMinutes(270)), (f.EvidenceCount, f.FirstExposure, f.LastExposure)));
        Assert.Equal([AtVenue("v-bath", 0, 30), AtVenue("v-bath", 240, 270)], findings[^1].Exposures);
        Assert.True(findings.Sum(f => f.Exposures.Length) <= 10 + 2 * 20);
    }

    [Fact]
    public void CloseContactsAreThoseWhoseWinningCategoryIsClose()
    {
        var builder = new ContactSetBuilder();
        builder.Add("p-close", 1, ManagementCategory.CloseContact, Household);
        builder.Add("p-venue", 1, ManagementCategory.VenueExposed, AtVenue("v-market", 0, 30));
        builder.Add("p-upgraded", 1, ManagementCategory.VenueExposed, AtVenue("v-market", 0, 30));
        builder.Add("p-upgraded", 1, ManagementCategory.CloseContact, AtVenue("v-bus", 0, 30));

        Assert.Equal(["p-close", "p-upgraded"], builder.CloseContacts().Select(f => f.PersonId));
        Assert.True(builder.IsCloseContact("p-upgraded"));
        Assert.False(builder.IsCloseContact("p-venue"));
        Assert.False(builder.IsCloseContact("p-nobody"));
    }

    /// <summary>Records holding an <see cref="ImmutableArray{T}"/> compare it by reference; compare findings by value.</summary>
    private sealed class FindingComparer : IEqualityComparer<ContactFinding>
    {
        public static FindingComparer Instance { get; } = new();

        public bool Equals(ContactFinding? x, ContactFinding? y) =>
            x is not null && y is not null && x with { Exposures = [] } == y with { Exposures = [] } && x.Exposures.SequenceEqual(y.Exposures);

        public int GetHashCode(ContactFinding obj) => obj.PersonId.GetHashCode(StringComparison.Ordinal);
    }

    private sealed class FindingsComparer : IEqualityComparer<ImmutableArray<ContactFinding>>
    {
        public static FindingsComparer Instance { get; } = new();

        public bool Equals(ImmutableArray<ContactFinding> x, ImmutableArray<ContactFinding> y) =>
            x.Length == y.Length && x.Zip(y).All(p => FindingComparer.Instance.Equals(p.First, p.Second));

        public int GetHashCode(ImmutableArray<ContactFinding> obj) => obj.Length;
    }
}
