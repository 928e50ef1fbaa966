using ContactTrace.Policy;
using ContactTrace.Screening;
using ContactTrace.Tracing;

namespace ContactTrace.Domain.Tests;

/// <summary>DESIGN.md's health-code rules as the pure code both health-code stores apply: colours, reasons, and the timers that change them on time.</summary>
public sealed class HealthCodeRulesTests
{
    private const string Person = "p-1";

    /// <summary>The last exposure the management tests count from.</summary>
    private static readonly DateTimeOffset T0 = new(2026, 11, 18, 10, 0, 0, TimeSpan.Zero);

    private static readonly TracingPolicy NationalV9 = TracingPolicies.NationalV9;

    private static HealthFacts Facts(string category = ManagementCategory.None, ZoneResidence? zone = null, params TestSample[] tests)
    {
        var plan = ManagementRules.Plan(Person, "c-1", category, T0, NationalV9);
        var management = category == ManagementCategory.None ? PersonManagement.None(Person)
            : category == ManagementCategory.Case ? new PersonManagement(Person, category, T0, null, "c-1")
            : new PersonManagement(Person, category, plan[0].Start, plan[^1].End, "c-1");
        return new HealthFacts(Person, management, plan, zone, tests);
    }

    private static HealthVerdict At(HealthFacts facts, DateTimeOffset now) => HealthCodeRules.Evaluate(facts, NationalV9, now);

    /// <summary>The colour, the rules (comma-separated, in the verdict's order) and the next check.</summary>
    private static (string, string, DateTimeOffset?) Summary(HealthVerdict verdict) =>
        (verdict.Code, string.Join(",", verdict.Reasons.Select(r => r.Rule)), verdict.NextCheckAt);

    [Fact]
    public void ACloseContactIsRedUntilTheCentralizedPeriodEndsThenYellowUnderHomeMonitoringThenGreen()
    {
        var facts = Facts(ManagementCategory.CloseContact);

        Assert.Equal(("red", "close-contact", T0.AddDays(7)), Summary(At(facts, T0.AddHours(5))));
        Assert.Equal(new HealthReason(HealthCodes.CloseContactRule, T0, T0.AddDays(7)), At(facts, T0.AddHours(5)).Reasons.Single());
        Assert.Equal(("yellow", "home-monitoring", T0.AddDays(10)), Summary(At(facts, T0.AddDays(7))));
        Assert.Equal(new HealthReason(HealthCodes.HomeMonitoringRule, T0.AddDays(7), T0.AddDays(10)), At(facts, T0.AddDays(8)).Reasons.Single());
        Assert.Equal(("green", "", null), Summary(At(facts, T0.AddDays(10))));
    }

    [Fact]
    public void UnderTwentyMeasuresACloseContactsFollowUpIsHomeIsolation()
    {
        var plan = ManagementRules.Plan(Person, "c-1", ManagementCategory.CloseContact, T0, TracingPolicies.TwentyMeasures);
        var facts = new HealthFacts(Person, new PersonManagement(Person, ManagementCategory.CloseContact, T0, plan[^1].End, "c-1"), plan, null, []);

        var verdict = HealthCodeRules.Evaluate(facts, TracingPolicies.TwentyMeasures, T0.AddDays(6));

        Assert.Equal(("yellow", "home-isolation", T0.AddDays(8)), Summary(verdict));
    }

    [Theory]
    [InlineData(ManagementCategory.SecondaryContact, "secondary-contact")]
    [InlineData(ManagementCategory.HomeIsolation, "home-isolation")]
    public void HomeIsolationIsYellowForItsPeriod(string category, string rule)
    {
        var facts = Facts(category);

        Assert.Equal(("yellow", rule, T0.AddDays(7)), Summary(At(facts, T0.AddDays(1))));
        Assert.Equal(("green", "", null), Summary(At(facts, T0.AddDays(7))));
    }

    [Fact]
    public void ACaseIsRedWithNoEndAndAZoneAddsItsReason()
    {
        var verdict = At(Facts(ManagementCategory.Case, new ZoneResidence("z-1", T0.AddHours(2))), T0.AddDays(30));

        Assert.Equal(("red", "case,high-risk-zone", null), Summary(verdict));
    }

    [Fact]
    public void AResidentOfAnActiveZoneIsRedSinceTheZoneWasActive()
    {
        var verdict = At(Facts(zone: new ZoneResidence("z-1", T0)), T0.AddDays(2));

        Assert.Equal([new HealthReason(HealthCodes.HighRiskZoneRule, T0, null)], verdict.Reasons);
        Assert.Equal("red", verdict.Code);
    }

    [Fact]
    public void AVenueExposedPersonIsYellowUntilEachTestDayHasItsOwnNegativeResult()
    {
        var dayOne = new TestSample(T0.AddHours(20), false, SamplingContexts.CommunityRound);
        var tooEarlyForDayThree = new TestSample(T0.AddHours(40), false, SamplingContexts.CommunityRound);
        var dayThree = new TestSample(T0.AddDays(2).AddHours(3), false, SamplingContexts.CommunityRound);
        var beforeExposure = new TestSample(T0.AddHours(-1), false, SamplingContexts.CommunityRound);

        Assert.Equal(("yellow", "venue-exposed", T0.AddDays(14)), Summary(At(Facts(ManagementCategory.VenueExposed), T0.AddHours(1))));
        Assert.Equal("yellow", At(Facts(ManagementCategory.VenueExposed, null, beforeExposure, dayOne), T0.AddDays(1)).Code);
        Assert.Equal("yellow", At(Facts(ManagementCategory.VenueExposed, null, dayOne, tooEarlyForDayThree), T0.AddDays(2)).Code);
        Assert.Equal("green", At(Facts(ManagementCategory.VenueExposed, null, dayOne, dayThree), T0.AddDays(2).AddHours(4)).Code);
        Assert.Equal("green", At(Facts(ManagementCategory.VenueExposed, null, dayThree, dayThree with { SampledAt = dayThree.SampledAt.AddHours(1) }), T0.AddDays(3)).Code);
        Assert.Equal(("green", "", null), Summary(At(Facts(ManagementCategory.VenueExposed), T0.AddDays(14))));
    }

    [Fact]
    public void AKeyPopulationPersonTurnsYellowTheMomentTheirDailyTestIsOverdueAndLapsesAfterAWeek()
    {
        var keyTest = new TestSample(T0, false, SamplingContexts.KeyPopulationClosed);
        var facts = Facts(tests: keyTest);

        Assert.Equal(("green", "", T0.AddHours(24)), Summary(At(facts, T0.AddHours(23))));
        var overdue = At(facts, T0.AddHours(24));
        Assert.Equal(("yellow", "key-population-test-overdue", T0.AddDays(7)), Summary(overdue));
        Assert.Equal(new HealthReason(HealthCodes.KeyPopulationOverdueRule, T0.AddHours(24), T0.AddDays(7)), overdue.Reasons.Single());
        Assert.Equal(("green", "", T0.AddHours(30 + 24)), Summary(At(Facts(tests: [keyTest, new TestSample(T0.AddHours(30), false, SamplingContexts.CommunityRound)]), T0.AddHours(31))));
        Assert.Equal(("green", "", null), Summary(At(facts, T0.AddDays(7))));
    }

    [Fact]
    public void AnArrivalMustHoldANegativeTestOfTheLast48HoursForThreeDays()
    {
        var arrival = new TestSample(T0, false, SamplingContexts.Arrival);
        var positiveArrival = new TestSample(T0, true, SamplingContexts.Arrival);

        Assert.Equal(("green", "", T0.AddHours(48)), Summary(At(Facts(tests: arrival), T0.AddHours(1))));
        Assert.Equal(("yellow", "arrival-test-overdue", T0.AddDays(3)), Summary(At(Facts(tests: arrival), T0.AddHours(50))));
        Assert.Equal(("yellow", "arrival-test-overdue", T0.AddDays(3)), Summary(At(Facts(tests: positiveArrival), T0.AddHours(1))));
        Assert.Equal(("green", "", null), Summary(At(Facts(tests: arrival), T0.AddDays(3))));
    }

    [Fact]
    public void AStepKeepsTheColoursStartDatesANewColourFromTheTimerThatFellDueAndStoresNoGreenWithoutATimer()
    {
        var red = new HealthVerdict(HealthCodes.Red, [new HealthReason(HealthCodes.CloseContactRule, T0, T0.AddDays(7))], T0.AddDays(7));
        var yellow = new HealthVerdict(HealthCodes.Yellow, [new HealthReason(HealthCodes.HomeMonitoringRule, T0.AddDays(7), T0.AddDays(10))], T0.AddDays(10));
        var now = T0.AddHours(1);

        var first = HealthCodeRules.Step(Person, null, red, now);
        var same = HealthCodeRules.Step(Person, new StoredHealthCode(first.Code, first.NextCheckAt), red, now.AddHours(1));
        var due = HealthCodeRules.Step(Person, new StoredHealthCode(first.Code, first.NextCheckAt), yellow, T0.AddDays(7).AddMinutes(3));
        var nothing = HealthCodeRules.Step(Person, null, new HealthVerdict(HealthCodes.Green, [], null), now);

        Assert.Equal((true, true, now), (first.Changed, first.Write, first.Code.Since));
        Assert.Equal((false, false, now), (same.Changed, same.Write, same.Code.Since));
        Assert.Equal((true, true, T0.AddDays(7), T0.AddDays(10)), (due.Changed, due.Write, due.Code.Since, due.NextCheckAt));
        Assert.Equal((false, false), (nothing.Changed, nothing.Write));
    }
}
