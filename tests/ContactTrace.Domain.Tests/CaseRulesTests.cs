using ContactTrace.Cases;
using ContactTrace.Policy;
using ContactTrace.Tracing;

namespace ContactTrace.Domain.Tests;

/// <summary>A case's exposure window, discovery channel and the validation of its report, as pure rules.</summary>
public sealed class CaseRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 4, 0, 0, TimeSpan.Zero);

    private static readonly DateTimeOffset Onset = new(2026, 11, 18, 9, 0, 0, TimeSpan.Zero);

    private static readonly DateTimeOffset Sampled = new(2026, 11, 19, 7, 30, 0, TimeSpan.Zero);

    private static readonly DateTimeOffset Reported = new(2026, 11, 20, 1, 0, 0, TimeSpan.Zero);

    private static CaseReport Report(string classification = Classifications.Confirmed, DateTimeOffset? onsetAt = null, DateTimeOffset? isolatedAt = null) =>
        new("c-1", "p-1", classification, Sampled, onsetAt, Reported, null, null, isolatedAt);

    private static CaseInput Input(
        string? caseId = "c-1",
        string? personId = "p-1",
        string? classification = "confirmed",
        string? sampledAt = "2026-11-19T15:30:00+08:00",
        string? onsetAt = null,
        string? reportedAt = "2026-11-20T09:00:00+08:00",
        string? district = null,
        string? discoveryChannel = null,
        string? isolatedAt = null) =>
        new(caseId, personId, classification, sampledAt, onsetAt, reportedAt, district, discoveryChannel, isolatedAt);

    private static List<(string Field, string Message)> Errors(CaseInput input)
    {
        var errors = new FieldErrors();
        var report = CaseReportValidator.Validate(input, Now, errors);
        Assert.True(report is null == errors.Count > 0, "a report is returned exactly when there are no errors");
        return [.. errors.Select(e => (e.Field, e.Message))];
    }

    // The exposure window

    [Fact]
    public void TheWindowOpensLookbackDaysBeforeOnsetAndClosesAtTheReport()
    {
        var window = ExposureWindow.For(Report(onsetAt: Onset), Reported, TracingPolicies.NationalV9, isolatedAt: null);

        Assert.Equal((Onset.AddDays(-2), Reported), window);
    }

    [Fact]
    public void WithoutOnsetTheWindowOpensLookbackDaysBeforeSampling()
    {
        var window = ExposureWindow.For(Report(Classifications.Asymptomatic), Reported, TracingPolicies.NationalV9, isolatedAt: null);

        Assert.Equal((Sampled.AddDays(-2), Reported), window);
    }

    [Fact]
    public void TheLookbackComesFromThePolicy()
    {
        var policy = TracingPolicies.NationalV9 with { LookbackDays = 4 };

        var window = ExposureWindow.For(Report(onsetAt: Onset), Reported, policy, isolatedAt: null);

        Assert.Equal(Onset.AddDays(-4), window.Start);
    }

    [Fact]
    public void IsolationBeforeTheReportEndsTheWindow()
    {
        var isolated = new DateTimeOffset(2026, 11, 19, 12, 0, 0, TimeSpan.Zero);

        var window = ExposureWindow.For(Report(onsetAt: Onset), Reported, TracingPolicies.NationalV9, isolated);

        Assert.Equal((Onset.AddDays(-2), isolated), window);
    }

    [Fact]
    public void IsolationAfterTheReportDoesNotExtendTheWindow()
    {
        var window = ExposureWindow.For(Report(onsetAt: Onset), Reported, TracingPolicies.NationalV9, Reported.AddHours(5));

        Assert.Equal(Reported, window.End);
    }

    [Fact]
    public void IsolationBeforeTheWindowOpensLeavesAnEmptyWindow()
    {
        var isolated = Onset.AddDays(-10);

        var window = ExposureWindow.For(Report(onsetAt: Onset), Reported, TracingPolicies.NationalV9, isolated);

        Assert.Equal((Onset.AddDays(-2), Onset.AddDays(-2)), window);
    }

    // Discovery channels

    [Theory]
    [InlineData(true, false, "isolation")]
    [InlineData(true, true, "isolation")]
    [InlineData(false, true, "contact-screening")]
    [InlineData(false, false, "community-screening")]
    public void AChannelIsDerivedFromWhatIsKnownOfThePerson(bool underIsolation, bool identifiedAsContact, string channel)
    {
        Assert.Equal(channel, DiscoveryChannels.Derive(underIsolation, identifiedAsContact));
    }

    [Fact]
    public void TheChannelsAreTheBulletinsHeadingsInItsOrder()
    {
        Assert.Equal(
            [
                ("isolation", "隔离管控人员中发现"),
                ("community-screening", "社区筛查发现"),
                ("contact-screening", "密切接触者筛查发现"),
                ("closed-loop-key-population", "闭环管理重点人员筛查发现"),
                ("open-key-population", "非闭环管理重点人员筛查发现"),
                ("cross-region-assist", "跨区域协查发现"),
                ("arrival-test", "落地检"),
                ("care-seeking", "发热门诊就诊发现"),
            ],
            DiscoveryChannels.All);
        Assert.Equal("密切接触者筛查发现", DiscoveryChannels.LabelOf("contact-screening"));
        Assert.True(DiscoveryChannels.IsKnown("arrival-test"));
        Assert.False(DiscoveryChannels.IsKnown("Arrival-Test"));
        Assert.False(DiscoveryChannels.IsKnown(null));
    }

    // The report's validation

    [Fact]
    public void AValidReportIsNormalisedToUtcAndKeepsWhatWasLeftOpen()
    {
        var errors = new FieldErrors();

        var report = CaseReportValidator.Validate(
            Input(onsetAt: "2026-11-18T17:00+08:00", district: "nangang", isolatedAt: "2026-11-19T20:00:00.5+08:00"), Now, errors);

        Assert.Empty(errors);
        Assert.Equal(
            new CaseReport("c-1", "p-1", "confirmed", Sampled, Onset, Reported, "nangang", null, new DateTimeOffset(2026, 11, 19, 12, 0, 0, 500, TimeSpan.Zero)),
            report);
        Assert.Equal(TimeSpan.Zero, report!.SampledAt.Offset);
        Assert.Equal(TimeSpan.Zero, report.OnsetAt!.Value.Offset);
        Assert.Equal(TimeSpan.Zero, report.ReportedAt!.Value.Offset);
    }

    [Fact]
    public void AReportWithoutReportedAtIsValidatedAgainstNowAndKeepsItOpen()
    {
        var errors = new FieldErrors();

        var report = CaseReportValidator.Validate(Input(reportedAt: null, sampledAt: "2026-11-20T03:59:00Z"), Now, errors);

        Assert.Empty(errors);
        Assert.Null(report!.ReportedAt);
    }

    [Theory]
    [InlineData(null, "is required")]
    [InlineData("", "must be 1-64 characters of A-Z a-z 0-9 . _ : -")]
    [InlineData("case 1", "must be 1-64 characters of A-Z a-z 0-9 . _ : -")]
    [InlineData("病例1", "must be 1-64 characters of A-Z a-z 0-9 . _ : -")]
    [InlineData("c-123456789012345678901234567890123456789012345678901234567890123", "must be 1-64 characters of A-Z a-z 0-9 . _ : -")]
    public void ABadCaseIdIsNamed(string? caseId, string message)
    {
        Assert.Equal([("caseId", message)], Errors(Input(caseId: caseId)));
    }

    [Theory]
    [InlineData(null, "is required")]
    [InlineData("p/1", "must be 1-64 characters of A-Z a-z 0-9 . _ : -")]
    public void ABadPersonIdIsNamed(string? personId, string message)
    {
        Assert.Equal([("personId", message)], Errors(Input(personId: personId)));
    }

    [Fact]
    public void AnIdOfSixtyFourCharactersIsAllowed()
    {
        Assert.Empty(Errors(Input(caseId: new string('c', 64), personId: "A.b_c:d-9")));
    }

    [Theory]
    [InlineData(null, "is required")]
    [InlineData("probable", "must be confirmed or asymptomatic")]
    [InlineData("Confirmed", "must be confirmed or asymptomatic")]
    public void AnUnknownClassificationIsNamed(string? classification, string message)
    {
        Assert.Equal([("classification", message)], Errors(Input(classification: classification)));
    }

    [Theory]
    [InlineData(null, "is required")]
    [InlineData("2026-11-19T07:30:00", "must be an ISO-8601 timestamp with offset")]
    [InlineData("2026-11-19", "must be an ISO-8601 timestamp with offset")]
    [InlineData("yesterday", "must be an ISO-8601 timestamp with offset")]
    [InlineData("2026-11-20T04:05:01Z", "is in the future")]
    [InlineData("2026-11-21T00:00:00+08:00", "is in the future")]
    public void ABadSampledAtIsNamed(string? sampledAt, string message)
    {
        Assert.Equal([("sampledAt", message)], Errors(Input(sampledAt: sampledAt, reportedAt: null)));
    }

    [Fact]
    public void ATimeWithinFiveMinutesOfNowIsNotInTheFuture()
    {
        Assert.Empty(Errors(Input(sampledAt: "2026-11-20T04:04:00Z", reportedAt: "2026-11-20T04:05:00Z")));
    }

    [Fact]
    public void SamplingAfterTheReportIsNamed()
    {
        Assert.Equal([("sampledAt", "must not be after reportedAt")], Errors(Input(sampledAt: "2026-11-20T01:00:01Z", reportedAt: "2026-11-20T01:00:00Z")));
    }

    [Fact]
    public void OnsetAfterTheReportIsNamed()
    {
        Assert.Equal([("onsetAt", "must not be after reportedAt")], Errors(Input(onsetAt: "2026-11-20T02:00:00Z", reportedAt: "2026-11-20T01:00:00Z")));
    }

    [Fact]
    public void OnsetAfterNowIsNamedWhenThereIsNoReportedAt()
    {
        Assert.Equal([("onsetAt", "is in the future")], Errors(Input(onsetAt: "2026-11-20T05:00:00Z", reportedAt: null)));
    }

    [Fact]
    public void IsolationAfterTheReportIsNamed()
    {
        Assert.Equal([("isolatedAt", "must not be after reportedAt")], Errors(Input(isolatedAt: "2026-11-20T01:30:00Z", reportedAt: "2026-11-20T01:00:00Z")));
    }

    [Fact]
    public void AReportedAtInTheFutureIsNamed()
    {
        Assert.Equal([("reportedAt", "is in the future")], Errors(Input(reportedAt: "2026-11-20T06:00:00Z")));
    }

    [Fact]
    public void AnUnknownDistrictIsNamed()
    {
        Assert.Equal([("district", "is not a district code")], Errors(Input(district: "atlantis")));
    }

    [Fact]
    public void AnUnknownChannelIsNamedWithTheKnownOnes()
    {
        var error = Assert.Single(Errors(Input(discoveryChannel: "gossip")));

        Assert.Equal("discoveryChannel", error.Field);
        Assert.Equal(
            "is not a discovery channel; expected one of isolation, community-screening, contact-screening, closed-loop-key-population, " +
            "open-key-population, cross-region-assist, arrival-test, care-seeking",
            error.Message);
    }

    [Fact]
    public void EveryBadFieldIsNamedAtOnce()
    {
        var errors = Errors(new CaseInput("bad id", null, "probable", "later", "2026-11-30T00:00:00Z", null, "atlantis", "gossip", "soon"));

        Assert.Equal(
            ["caseId", "classification", "discoveryChannel", "district", "isolatedAt", "onsetAt", "personId", "sampledAt"],
            errors.Select(e => e.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AKnownDistrictAndChannelAreAccepted()
    {
        Assert.Empty(Errors(Input(district: "shangzhi", discoveryChannel: "care-seeking")));
    }
}
