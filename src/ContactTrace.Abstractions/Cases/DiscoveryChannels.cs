namespace ContactTrace.Cases;

/// <summary>The discovery channels of DESIGN.md, each with the heading the daily bulletin uses, in bulletin order.</summary>
public static class DiscoveryChannels
{
    public const string Isolation = "isolation";
    public const string CommunityScreening = "community-screening";
    public const string ContactScreening = "contact-screening";
    public const string ClosedLoopKeyPopulation = "closed-loop-key-population";
    public const string OpenKeyPopulation = "open-key-population";
    public const string CrossRegionAssist = "cross-region-assist";
    public const string ArrivalTest = "arrival-test";
    public const string CareSeeking = "care-seeking";

    public static ImmutableArray<(string Code, string Label)> All { get; } =
    [
        (Isolation, "隔离管控人员中发现"),
        (CommunityScreening, "社区筛查发现"),
        (ContactScreening, "密切接触者筛查发现"),
        (ClosedLoopKeyPopulation, "闭环管理重点人员筛查发现"),
        (OpenKeyPopulation, "非闭环管理重点人员筛查发现"),
        (CrossRegionAssist, "跨区域协查发现"),
        (ArrivalTest, "落地检"),
        (CareSeeking, "发热门诊就诊发现"),
    ];

    public static bool IsKnown(string? code) => code is not null && All.Any(c => c.Code == code);

    public static string LabelOf(string code) => All.First(c => c.Code == code).Label;

    /// <summary>
    /// DESIGN.md's rule for a case reported without a channel: under isolation → <c>isolation</c>; identified as a
    /// contact but not isolated → <c>contact-screening</c>; otherwise <c>community-screening</c>.
    /// </summary>
    public static string Derive(bool underIsolation, bool identifiedAsContact) =>
        underIsolation ? Isolation : identifiedAsContact ? ContactScreening : CommunityScreening;
}
