using ContactTrace.Hotels;
using ContactTrace.Policy;
using ContactTrace.Tracing;

namespace ContactTrace.Domain.Tests;

/// <summary>One person, one management (DESIGN.md), as the pure rules that both trace stores apply.</summary>
public sealed class ManagementRulesTests
{
    private const string Person = "p-1";

    /// <summary>The last exposure most tests count from.</summary>
    private static readonly DateTimeOffset T0 = new(2026, 11, 18, 10, 0, 0, TimeSpan.Zero);

    /// <summary>"Now": a day after <see cref="T0"/>, while any management from it is running.</summary>
    private static readonly DateTimeOffset Now = T0.AddDays(1);

    private static readonly TracingPolicy NationalV9 = TracingPolicies.NationalV9;

    private static ContactFinding Finding(string category, DateTimeOffset lastExposure, int tier = 1) =>
        new(Person, tier, category, lastExposure.AddMinutes(-30), lastExposure,
            [new Exposure(ExposureKinds.Venue, "v-1", lastExposure.AddMinutes(-30), lastExposure, null, null)]);

    private static Assignment Expected(string caseId, string kind, DateTimeOffset start, DateTimeOffset end, string status, string? hotelId = null) =>
        new(AssignmentIds.For(Person, caseId, kind, start, end), Person, caseId, kind, hotelId, start, end, status);

    private static ManagementChange ApplyToNobody(ContactFinding finding, string caseId = "c-1", TracingPolicy? policy = null) =>
        ManagementRules.Apply(PersonManagement.None(Person), [], finding, caseId, policy ?? NationalV9, Now)!;

    /// <summary>What a store holds after a change to a person who ran <paramref name="before"/>: the new management and the running assignments.</summary>
    private static (PersonManagement Management, List<Assignment> Active) After(ManagementChange change, IReadOnlyList<Assignment>? before = null) =>
        (change.Management,
        [
            .. (before ?? []).Where(a => !change.Ended.Any(e => e.AssignmentId == a.AssignmentId))
                .Select(a => change.Extended.FirstOrDefault(e => e.AssignmentId == a.AssignmentId) is { } e ? a with { Start = e.Start, End = e.End } : a),
            .. change.Added.Where(a => AssignmentLifecycle.IsActive(a.Status)),
        ]);

    private static AssignmentExtension Extension(Assignment running, DateTimeOffset start, DateTimeOffset end) =>
        new(running.AssignmentId, start, end, AssignmentExtension.LaterExposure);

    [Fact]
    public void ACloseContactGetsCentralizedIsolationAwaitingCapacityThenHomeMonitoringUnderNationalV9()
    {
        var change = ApplyToNobody(Finding(ManagementCategory.CloseContact, T0));

        Assert.Equal(new PersonManagement(Person, ManagementCategory.CloseContact, T0, T0.AddDays(10), "c-1"), change.Management);
        Assert.Equal(
            [
                Expected("c-1", AssignmentKinds.CentralizedIsolation, T0, T0.AddDays(7), AssignmentStatuses.AwaitingCapacity),
                Expected("c-1", AssignmentKinds.HomeMonitoring, T0.AddDays(7), T0.AddDays(10), AssignmentStatuses.Assigned),
            ],
            change.Added);
        Assert.Empty(change.Ended);
    }

    [Fact]
    public void ACloseContactGetsFiveDaysCentralizedThenThreeDaysHomeIsolationUnderTwentyMeasures()
    {
        var change = ApplyToNobody(Finding(ManagementCategory.CloseContact, T0), policy: TracingPolicies.TwentyMeasures);

        Assert.Equal(new PersonManagement(Person, ManagementCategory.CloseContact, T0, T0.AddDays(8), "c-1"), change.Management);
        Assert.Equal(
            [
                Expected("c-1", AssignmentKinds.CentralizedIsolation, T0, T0.AddDays(5), AssignmentStatuses.AwaitingCapacity),
                Expected("c-1", AssignmentKinds.HomeIsolation, T0.AddDays(5), T0.AddDays(8), AssignmentStatuses.Assigned),
            ],
            change.Added);
    }

    [Fact]
    public void PeriodsCountFromTheLastExposureNotTheFirst()
    {
        var finding = new ContactFinding(Person, 1, ManagementCategory.CloseContact, T0.AddDays(-1), T0,
            [
                new Exposure(ExposureKinds.Venue, "v-1", T0.AddDays(-1), T0.AddDays(-1).AddHours(1), null, null),
                new Exposure(ExposureKinds.Venue, "v-2", T0.AddHours(-1), T0, null, null),
            ]);

        var change = ApplyToNobody(finding);

        Assert.Equal(T0, change.Added[0].Start);
        Assert.Equal(T0.AddDays(10), change.Management.Until);
    }

    [Fact]
    public void ASecondaryContactGetsSevenDaysOfHomeIsolation()
    {
        var change = ApplyToNobody(Finding(ManagementCategory.SecondaryContact, T0, tier: 2));

        Assert.Equal(new PersonManagement(Person, ManagementCategory.SecondaryContact, T0, T0.AddDays(7), "c-1"), change.Management);
        Assert.Equal([Expected("c-1", AssignmentKinds.HomeIsolation, T0, T0.AddDays(7), AssignmentStatuses.Assigned)], change.Added);
    }

    [Fact]
    public void AVenueExposedPersonIsTestedUntilDayThree()
    {
        var change = ApplyToNobody(Finding(ManagementCategory.VenueExposed, T0));

        Assert.Equal(new PersonManagement(Person, ManagementCategory.VenueExposed, T0, T0.AddDays(3), "c-1"), change.Management);
        Assert.Equal([Expected("c-1", AssignmentKinds.Testing, T0, T0.AddDays(3), AssignmentStatuses.Assigned)], change.Added);
    }

    [Fact]
    public void ASecondaryContactUnderTwentyMeasuresGetsNoMeasureAtAll()
    {
        var change = ManagementRules.Apply(PersonManagement.None(Person), [], Finding(ManagementCategory.SecondaryContact, T0, tier: 2),
            "c-1", TracingPolicies.TwentyMeasures, Now);

        Assert.Null(change);
    }

    [Fact]
    public void UpgradingASecondaryContactToCloseSupersedesTheHomeIsolation()
    {
        var (current, active) = After(ApplyToNobody(Finding(ManagementCategory.SecondaryContact, T0, tier: 2), "c-a"));
        var t1 = T0.AddDays(1);

        var change = ManagementRules.Apply(current, active, Finding(ManagementCategory.CloseContact, t1), "c-b", NationalV9, Now)!;

        Assert.Equal(new PersonManagement(Person, ManagementCategory.CloseContact, T0, t1.AddDays(10), "c-b"), change.Management);
        Assert.Equal(
            [
                Expected("c-b", AssignmentKinds.CentralizedIsolation, t1, t1.AddDays(7), AssignmentStatuses.AwaitingCapacity),
                Expected("c-b", AssignmentKinds.HomeMonitoring, t1.AddDays(7), t1.AddDays(10), AssignmentStatuses.Assigned),
            ],
            change.Added);
        Assert.Equal([new AssignmentStatusChange(active[0].AssignmentId, AssignmentStatuses.Superseded)], change.Ended);
    }

    [Fact]
    public void AnUpgradeFromAnOlderExposureNeverEndsTheManagementEarlier()
    {
        // Home isolation from a later secondary exposure runs to T0+12; the close exposure was earlier, at T0.
        var (current, active) = After(ApplyToNobody(Finding(ManagementCategory.SecondaryContact, T0.AddDays(5), tier: 2), "c-a"));

        var change = ManagementRules.Apply(current, active, Finding(ManagementCategory.CloseContact, T0), "c-b", NationalV9, T0.AddDays(6))!;

        Assert.Equal(new PersonManagement(Person, ManagementCategory.CloseContact, T0, T0.AddDays(12), "c-b"), change.Management);
        Assert.Equal(
            [
                Expected("c-b", AssignmentKinds.CentralizedIsolation, T0, T0.AddDays(7), AssignmentStatuses.AwaitingCapacity),
                Expected("c-b", AssignmentKinds.HomeMonitoring, T0.AddDays(7), T0.AddDays(12), AssignmentStatuses.Assigned),
            ],
            change.Added);
    }

    [Fact]
    public void ALaterExposureOfTheSameCategoryExtendsTheRunningMeasureInPlace()
    {
        var (current, active) = After(ApplyToNobody(Finding(ManagementCategory.SecondaryContact, T0, tier: 2), "c-a"));
        var t2 = T0.AddDays(2);

        var change = ManagementRules.Apply(current, active, Finding(ManagementCategory.SecondaryContact, t2, tier: 2), "c-b", NationalV9, Now)!;

        // The person stays in the home isolation that began at T0, the same assignment; it now ends 7 days after the later exposure.
        Assert.Equal(new PersonManagement(Person, ManagementCategory.SecondaryContact, T0, t2.AddDays(7), "c-b"), change.Management);
        Assert.Equal([Extension(active[0], T0, t2.AddDays(7))], change.Extended);
        Assert.Empty(change.Added);
        Assert.Empty(change.Ended);
    }

    [Fact]
    public void AnExtensionKeepsTheIdHotelStatusAndStartOfACheckedInCentralizedIsolation()
    {
        var first = ApplyToNobody(Finding(ManagementCategory.CloseContact, T0), "c-a");
        var checkedIn = first.Added[0] with { HotelId = "h-1", Status = AssignmentStatuses.CheckedIn };
        var t2 = T0.AddDays(2);

        var change = ManagementRules.Apply(first.Management, [checkedIn, first.Added[1]], Finding(ManagementCategory.CloseContact, t2), "c-b", NationalV9, Now)!;

        // One stay, longer: the hotel's guest neither leaves nor arrives; only the follow-up after it is planned anew.
        Assert.Equal([Extension(checkedIn, T0, t2.AddDays(7))], change.Extended);
        Assert.Equal([Expected("c-b", AssignmentKinds.HomeMonitoring, t2.AddDays(7), t2.AddDays(10), AssignmentStatuses.Assigned)], change.Added);
        Assert.Equal([new AssignmentStatusChange(first.Added[1].AssignmentId, AssignmentStatuses.Superseded)], change.Ended);
        Assert.Equal(new PersonManagement(Person, ManagementCategory.CloseContact, T0, t2.AddDays(10), "c-b"), change.Management);
        var (_, running) = After(change, [checkedIn, first.Added[1]]);
        Assert.Equal(checkedIn with { End = t2.AddDays(7) }, running.Single(a => a.Kind == AssignmentKinds.CentralizedIsolation));
    }

    [Fact]
    public void AnExtensionStartsTheFollowUpWhenTheExtendedCentralizedIsolationEnds()
    {
        var (current, active) = After(ApplyToNobody(Finding(ManagementCategory.CloseContact, T0), "c-a"));
        var t2 = T0.AddDays(2);

        var change = ManagementRules.Apply(current, active, Finding(ManagementCategory.CloseContact, t2), "c-b", NationalV9, Now)!;

        // Centralized isolation now runs T0 → T0+9; home monitoring must follow it (T0+9 → T0+12), not overlap it
        // from T0+7, the start of the home monitoring that was superseded.
        Assert.Equal([Extension(active[0], T0, t2.AddDays(7))], change.Extended);
        Assert.Equal([Expected("c-b", AssignmentKinds.HomeMonitoring, t2.AddDays(7), t2.AddDays(10), AssignmentStatuses.Assigned)], change.Added);
        Assert.Equal([new AssignmentStatusChange(active[1].AssignmentId, AssignmentStatuses.Superseded)], change.Ended);
    }

    [Fact]
    public void AWaitingCentralizedIsolationIsExtendedInPlaceAndSoKeepsItsPlaceInTheQueue()
    {
        var (current, active) = After(ApplyToNobody(Finding(ManagementCategory.CloseContact, T0), "c-a"));
        Assert.Equal(AssignmentStatuses.AwaitingCapacity, active[0].Status);

        var change = ManagementRules.Apply(current, active, Finding(ManagementCategory.CloseContact, T0.AddHours(5)), "c-a", NationalV9, Now)!;

        Assert.Equal([Extension(active[0], T0, T0.AddHours(5).AddDays(7))], change.Extended);
        Assert.DoesNotContain(change.Ended, e => e.AssignmentId == active[0].AssignmentId);
    }

    [Theory]
    [InlineData(ManagementCategory.SecondaryContact, 1)]
    [InlineData(ManagementCategory.VenueExposed, 9)]
    [InlineData(ManagementCategory.CloseContact, -1)]
    [InlineData(ManagementCategory.CloseContact, 0)]
    public void ALowerOrOlderExposureChangesNothingWhileACloseContactIsManaged(string category, int daysAfterT0)
    {
        var (current, active) = After(ApplyToNobody(Finding(ManagementCategory.CloseContact, T0), "c-a"));

        var change = ManagementRules.Apply(current, active, Finding(category, T0.AddDays(daysAfterT0)), "c-b", NationalV9, Now);

        Assert.Null(change);
    }

    [Fact]
    public void ApplyingTheSameFindingTwiceChangesNothingTheSecondTime()
    {
        var finding = Finding(ManagementCategory.CloseContact, T0);
        var (current, active) = After(ApplyToNobody(finding));

        var again = ManagementRules.Apply(current, active, finding, "c-1", NationalV9, Now);

        Assert.Null(again);
    }

    [Fact]
    public void ApplyingAnExtensionTwiceChangesNothingTheSecondTime()
    {
        var (current, active) = After(ApplyToNobody(Finding(ManagementCategory.SecondaryContact, T0, tier: 2), "c-a"));
        var later = Finding(ManagementCategory.SecondaryContact, T0.AddDays(2), tier: 2);
        var (extended, extendedActive) = After(ManagementRules.Apply(current, active, later, "c-b", NationalV9, Now)!, active);

        var again = ManagementRules.Apply(extended, extendedActive, later, "c-b", NationalV9, Now);

        Assert.Null(again);
    }

    [Fact]
    public void ApplyingAnExtendedCloseContactsFindingsAgainChangesNothing()
    {
        var (current, active) = After(ApplyToNobody(Finding(ManagementCategory.CloseContact, T0), "c-a"));
        var later = Finding(ManagementCategory.CloseContact, T0.AddDays(2));
        var (extended, extendedActive) = After(ManagementRules.Apply(current, active, later, "c-b", NationalV9, Now)!, active);

        // Both traces run again, in either order: the extension stands, nothing is planned anew.
        Assert.Null(ManagementRules.Apply(extended, extendedActive, later, "c-b", NationalV9, Now));
        Assert.Null(ManagementRules.Apply(extended, extendedActive, Finding(ManagementCategory.CloseContact, T0), "c-a", NationalV9, Now));
    }

    [Fact]
    public void APlanIsTheSameEveryTimeSoARetriedWriteCollidesWithTheFirst()
    {
        var finding = Finding(ManagementCategory.CloseContact, T0);

        var first = ApplyToNobody(finding);
        var second = ApplyToNobody(finding);

        Assert.Equal(first.Added, second.Added);
        Assert.Equal(2, first.Added.Select(a => a.AssignmentId).Distinct().Count());
    }

    [Theory]
    [InlineData(ManagementCategory.CloseContact)]
    [InlineData(ManagementCategory.SecondaryContact)]
    [InlineData(ManagementCategory.VenueExposed)]
    public void ACaseIsNeverAContact(string category)
    {
        var current = new PersonManagement(Person, ManagementCategory.Case, T0.AddDays(-3), null, "c-own");

        var change = ManagementRules.Apply(current, [], Finding(category, T0), "c-1", NationalV9, Now);

        Assert.Null(change);
    }

    [Fact]
    public void BecomingACaseConvertsTheRunningAssignments()
    {
        var (current, active) = After(ApplyToNobody(Finding(ManagementCategory.CloseContact, T0), "c-a"));
        var reportedAt = T0.AddDays(2);

        var change = ManagementRules.BecomeCase(current, active, "c-new", reportedAt)!;

        Assert.Equal(new PersonManagement(Person, ManagementCategory.Case, reportedAt, null, "c-new"), change.Management);
        Assert.Empty(change.Added);
        Assert.Equal(
            [
                new AssignmentStatusChange(active[0].AssignmentId, AssignmentStatuses.ConvertedToCase),
                new AssignmentStatusChange(active[1].AssignmentId, AssignmentStatuses.ConvertedToCase),
            ],
            change.Ended);
    }

    [Fact]
    public void BecomingACaseAgainChangesNothing()
    {
        var current = new PersonManagement(Person, ManagementCategory.Case, T0, null, "c-own");

        Assert.Null(ManagementRules.BecomeCase(current, [], "c-own", T0));
        Assert.Null(ManagementRules.BecomeCase(current, [], "c-other", T0.AddDays(1)));
    }

    [Fact]
    public void ANewExposureAfterAnExpiredManagementIsManagedAsIfThereWereNone()
    {
        // The close-contact management from T0 ended at T0+10; a venue exposure at T0+19 is lower but now applies.
        var (current, active) = After(ApplyToNobody(Finding(ManagementCategory.CloseContact, T0), "c-a"));
        var later = T0.AddDays(19);

        var change = ManagementRules.Apply(current, active, Finding(ManagementCategory.VenueExposed, later), "c-b", NationalV9, T0.AddDays(20))!;

        Assert.Equal(new PersonManagement(Person, ManagementCategory.VenueExposed, later, later.AddDays(3), "c-b"), change.Management);
        Assert.Equal([Expected("c-b", AssignmentKinds.Testing, later, later.AddDays(3), AssignmentStatuses.Assigned)], change.Added);
    }

    [Fact]
    public void AManagementEndingExactlyNowIsExpired()
    {
        var (current, active) = After(ApplyToNobody(Finding(ManagementCategory.SecondaryContact, T0, tier: 2), "c-a"));
        var later = T0.AddDays(6);

        // Until is T0+7 = now: a venue exposure, lower than secondary, applies.
        var change = ManagementRules.Apply(current, active, Finding(ManagementCategory.VenueExposed, later), "c-b", NationalV9, T0.AddDays(7));

        Assert.NotNull(change);
        Assert.Equal(ManagementCategory.VenueExposed, change.Management.Category);
        Assert.False(current.IsRunning(T0.AddDays(7)));
        Assert.True(current.IsRunning(T0.AddDays(7).AddTicks(-1)));
    }

    [Fact]
    public void AMeasureAfterAnExpiredOneOfTheSameKindStartsAtTheNewExposure()
    {
        // Home isolation T0 → T0+7 expired (nothing releases a home isolation, so its row is still "assigned").
        var (current, active) = After(ApplyToNobody(Finding(ManagementCategory.SecondaryContact, T0, tier: 2), "c-a"));
        var later = T0.AddDays(20);

        var change = ManagementRules.Apply(current, active, Finding(ManagementCategory.SecondaryContact, later, tier: 2), "c-b", NationalV9, T0.AddDays(21))!;

        Assert.Equal(new PersonManagement(Person, ManagementCategory.SecondaryContact, later, later.AddDays(7), "c-b"), change.Management);
        Assert.Equal([Expected("c-b", AssignmentKinds.HomeIsolation, later, later.AddDays(7), AssignmentStatuses.Assigned)], change.Added);
    }

    [Fact]
    public void AssignmentIdsDifferByPersonCaseKindAndPeriod()
    {
        var id = AssignmentIds.For("p", "c", AssignmentKinds.Testing, T0, T0.AddDays(3));

        Assert.Equal(id, AssignmentIds.For("p", "c", AssignmentKinds.Testing, T0, T0.AddDays(3)));
        Assert.Equal(id, AssignmentIds.For("p", "c", AssignmentKinds.Testing, T0.ToOffset(TimeSpan.FromHours(8)), T0.AddDays(3)));
        Assert.NotEqual(id, AssignmentIds.For("q", "c", AssignmentKinds.Testing, T0, T0.AddDays(3)));
        Assert.NotEqual(id, AssignmentIds.For("p", "d", AssignmentKinds.Testing, T0, T0.AddDays(3)));
        Assert.NotEqual(id, AssignmentIds.For("p", "c", AssignmentKinds.HomeIsolation, T0, T0.AddDays(3)));
        Assert.NotEqual(id, AssignmentIds.For("p", "c", AssignmentKinds.Testing, T0.AddSeconds(1), T0.AddDays(3)));
        Assert.NotEqual(id, AssignmentIds.For("p", "c", AssignmentKinds.Testing, T0, T0.AddDays(4)));
        Assert.Matches("^as-[0-9a-f]{24}$", id);
    }

    [Fact]
    public void SeverityOrdersCaseCloseSecondaryHomeIsolationVenueExposedNone()
    {
        string[] ordered =
        [
            ManagementCategory.Case, ManagementCategory.CloseContact, ManagementCategory.SecondaryContact,
            ManagementCategory.HomeIsolation, ManagementCategory.VenueExposed, ManagementCategory.None,
        ];

        Assert.Equal(ordered, ordered.OrderByDescending(Severity.Of).ToArray());
        Assert.Equal(ManagementCategory.CloseContact, Severity.MostSevere(ManagementCategory.VenueExposed, ManagementCategory.CloseContact));
        Assert.Equal(ManagementCategory.SecondaryContact, Severity.MostSevere(ManagementCategory.SecondaryContact, ManagementCategory.VenueExposed));
    }
}
