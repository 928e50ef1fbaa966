using ContactTrace.Cases;
using ContactTrace.Hotels;
using ContactTrace.Policy;
using ContactTrace.Scans;
using ContactTrace.Screening;
using ContactTrace.Tracing;
using TestResult = ContactTrace.Screening.TestResult;

namespace ContactTrace.Domain.Tests;

/// <summary>The screening rules as pure code: result validation, the case a positive result makes, zones and venue tasks.</summary>
public sealed class ScreeningRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 4, 0, 0, TimeSpan.Zero);

    private static TestInput Input(string? sampledAt = "2026-11-20T01:00:00+08:00", string? resultAt = "2026-11-20T03:00:00Z", string? result = "negative") =>
        new("t-1", "p-1", sampledAt, resultAt, result, new TestContextInput("arrival", "round-1", "机场"));

    [Theory]
    [InlineData("2026-11-20T03:00:00Z", "2026-11-20T02:00:00Z", "resultAt")] // a result before its sample
    [InlineData("2026-11-20T04:06:00Z", "2026-11-20T04:07:00Z", "sampledAt")] // from the future
    [InlineData("2026-11-20T01:00:00Z", "2026-11-20T04:06:00Z", "resultAt")] // read in the future
    [InlineData("2026-10-01T01:00:00Z", "2026-10-01T03:00:00Z", "sampledAt")] // past retention
    [InlineData("2026-11-20T01:00:00", "2026-11-20T03:00:00Z", "sampledAt")] // no offset
    public void AResultIsRejectedNamingTheTimeThatIsWrong(string sampledAt, string resultAt, string field)
    {
        var ok = new TestValidator(new ScreeningOptions(), Now).TryValidate(3, Input(sampledAt, resultAt), out _, out var rejection);

        Assert.False(ok);
        Assert.Equal(new TestRejection(3, "t-1", field, rejection!.Message), rejection);
    }

    [Fact]
    public void AValidResultIsKeptInUtcAndATestIdTwiceInABatchIsRejected()
    {
        var validator = new TestValidator(new ScreeningOptions(), Now);

        Assert.True(validator.TryValidate(0, Input(result: "positive"), out var test, out _));
        Assert.False(validator.TryValidate(1, Input(), out _, out var twice));

        Assert.Equal(new TestResult("t-1", "p-1", new DateTimeOffset(2026, 11, 19, 17, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 20, 3, 0, 0, TimeSpan.Zero),
            true, "arrival", "round-1", "机场"), test);
        Assert.Equal("testId", twice!.Field);
    }

    [Fact]
    public void APositiveResultIsReportedUnderItsTestsCaseIdAsAsymptomaticWithTheContextsChannelUnlessManaged()
    {
        var test = new TestResult("lab-7", "p-1", Now.AddHours(-5), Now.AddHours(-1), true, SamplingContexts.KeyPopulationOpen, null, null);
        var managed = new PersonManagement("p-1", ManagementCategory.CloseContact, Now.AddDays(-1), Now.AddDays(6), "c-0");
        var ended = managed with { Until = Now.AddHours(-1) };

        var report = TestCases.ReportFor(test, TestCases.ChannelFor(test.Context, PersonManagement.None("p-1"), Now), Now);

        Assert.Equal(new CaseReport("t:lab-7", "p-1", Classifications.Asymptomatic, test.SampledAt, null, Now, null, DiscoveryChannels.OpenKeyPopulation, null), report);
        Assert.Null(TestCases.ChannelFor(test.Context, managed, Now)); // the case grain derives isolation or contact-screening
        Assert.Equal(DiscoveryChannels.OpenKeyPopulation, TestCases.ChannelFor(test.Context, ended, Now));
        Assert.Equal(DiscoveryChannels.Isolation, SamplingContexts.ChannelOf(SamplingContexts.Managed));
    }

    [Fact]
    public void ACaseIdFromALongTestIdStaysAValidIdAndDistinct()
    {
        var a = ScreeningIds.CaseForTest(new string('a', 64));
        var b = ScreeningIds.CaseForTest(new string('a', 63) + "b");

        Assert.True(Ids.IsValid(a) && Ids.IsValid(b));
        Assert.NotEqual(a, b);
        Assert.Equal("t:short", ScreeningIds.CaseForTest("short"));
    }

    [Fact]
    public void ACaseProposesAZoneAndEachNewCaseMovesItsLift()
    {
        var first = ZoneRules.AddCase(null, "c-1", "daoli", "case-1", Now, 7)!;
        var second = ZoneRules.AddCase(first, "c-1", "daoli", "case-2", Now.AddDays(3), 7)!;

        Assert.Equal((ZoneStatuses.Proposed, Now.AddDays(7), ScreeningIds.ZoneForCase("c-1", "case-1")), (first.Status, first.LiftAfter, first.ZoneId));
        Assert.Null(ZoneRules.AddCase(second, "c-1", "daoli", "case-1", Now, 7));
        Assert.Equal(("case-1,case-2", Now.AddDays(10)), (string.Join(",", second.CaseIds), second.LiftAfter));
        Assert.False(ZoneRules.IsDue(second, Now.AddDays(9)));
        Assert.True(ZoneRules.IsDue(second, Now.AddDays(10)));
    }

    [Fact]
    public void DeclaringConfirmsAProposedZoneCreatesANewOneAndRefusesALiftedOrTakenCompound()
    {
        var proposed = ZoneRules.AddCase(null, "c-1", "daoli", "case-1", Now, 7)!;

        var (confirmed, active) = ZoneRules.Declare(proposed, proposed, proposed.ZoneId, "c-1", "daoli", Now.AddHours(1), 7);
        var (again, _) = ZoneRules.Declare(active, active, proposed.ZoneId, "c-1", "daoli", Now.AddHours(2), 7);
        var (taken, _) = ZoneRules.Declare(null, active, "z-other", "c-1", "daoli", Now, 7);
        var (declared, fresh) = ZoneRules.Declare(null, null, "z-new", "c-2", "nangang", Now, 7);
        var (lifted, _) = ZoneRules.Declare(ZoneRules.Lift(active!, Now.AddDays(1)), null, proposed.ZoneId, "c-1", "daoli", Now.AddDays(2), 7);
        var (other, _) = ZoneRules.Declare(active, null, proposed.ZoneId, "c-9", "daoli", Now, 7);

        Assert.Equal((ZoneDeclaration.Confirmed, ZoneStatuses.Active, Now.AddHours(1)), (confirmed, active!.Status, active.Since));
        Assert.Equal((ZoneDeclaration.Unchanged, ZoneDeclaration.CompoundTaken, ZoneDeclaration.Lifted, ZoneDeclaration.OtherCompound), (again, taken, lifted, other));
        Assert.Equal((ZoneDeclaration.Declared, ZoneStatuses.Active, Now.AddDays(7)), (declared, fresh!.Status, fresh.LiftAfter));
    }

    [Fact]
    public void AVenueTaskClosesReopensAndClosesAgainButNeverReopensBeforeItClosed()
    {
        var raised = VenueActionRules.Raise(null, "case-1", new VisitedVenue("v-1", Now, Now.AddHours(1)), Now);
        var widened = VenueActionRules.Raise(raised, "case-1", new VisitedVenue("v-1", Now.AddHours(-2), Now.AddMinutes(30)), Now.AddHours(1));

        var (early, _) = VenueActionRules.Reopen(raised, Now, "tracer");
        var (close, closed) = VenueActionRules.Close(raised, Now.AddHours(2), "team");
        var (closeAgain, _) = VenueActionRules.Close(closed, Now.AddHours(3), "team");
        var (reopen, reopened) = VenueActionRules.Reopen(closed, Now.AddDays(1), "tracer");

        Assert.Equal((Now.AddHours(-2), Now.AddHours(1), Now), (widened.VisitedFrom, widened.VisitedUntil, widened.RaisedAt));
        Assert.Equal((LifecycleOutcome.InvalidState, LifecycleOutcome.Done, LifecycleOutcome.AlreadyDone, LifecycleOutcome.Done), (early, close, closeAgain, reopen));
        Assert.Equal((VenueActionStatuses.Reopened, Now.AddHours(2), "team", Now.AddDays(1)), (reopened.Status, reopened.ClosedAt, reopened.ClosedBy, reopened.ReopenedAt));
        Assert.Equal(VenueActionStatuses.Closed, VenueActionRules.Close(reopened, Now.AddDays(2), "team").Action.Status);
    }

    [Fact]
    public void ATrajectoryIsEachPresenceWithItsDwellAndEachVenuesSpan()
    {
        var scans = new[]
        {
            new Scan("s1", "p", "bus", Now, null),
            new Scan("s2", "p", "market", Now.AddHours(1), null),
            new Scan("s3", "p", "bus", Now.AddHours(2), Now.AddHours(2).AddMinutes(10)),
        };
        var kinds = new Dictionary<string, string> { ["bus"] = "bus", ["market"] = "market" };

        var presences = CaseTrajectory.Presences(scans, kinds, TracingPolicies.NationalV9);

        Assert.Equal([new VisitedVenue("bus", Now, Now.AddHours(1)), new VisitedVenue("market", Now.AddHours(1), Now.AddHours(1).AddMinutes(30)),
            new VisitedVenue("bus", Now.AddHours(2), Now.AddHours(2).AddMinutes(10))], presences);
        Assert.Equal([new VisitedVenue("bus", Now, Now.AddHours(2).AddMinutes(10)), new VisitedVenue("market", Now.AddHours(1), Now.AddHours(1).AddMinutes(30))],
            CaseTrajectory.Venues(presences));
    }
}
