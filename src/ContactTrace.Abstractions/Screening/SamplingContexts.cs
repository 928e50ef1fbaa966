using ContactTrace.Cases;

namespace ContactTrace.Screening;

/// <summary>
/// The sampling contexts of DESIGN.md, each with the discovery channel a positive result found there is counted
/// under when the person was under no management: the context decides only after the management does.
/// </summary>
public static class SamplingContexts
{
    public const string CommunityRound = "community-round";
    public const string KeyPopulationClosed = "key-population-closed";
    public const string KeyPopulationOpen = "key-population-open";
    public const string Arrival = "arrival";
    public const string Managed = "managed";
    public const string FeverClinic = "fever-clinic";
    public const string CrossRegion = "cross-region";

    public static ImmutableArray<(string Kind, string Channel)> All { get; } =
    [
        (CommunityRound, DiscoveryChannels.CommunityScreening),
        (KeyPopulationClosed, DiscoveryChannels.ClosedLoopKeyPopulation),
        (KeyPopulationOpen, DiscoveryChannels.OpenKeyPopulation),
        (Arrival, DiscoveryChannels.ArrivalTest),
        // A person the laboratory says is under isolation or home monitoring, whom no trace here put there.
        (Managed, DiscoveryChannels.Isolation),
        (FeverClinic, DiscoveryChannels.CareSeeking),
        (CrossRegion, DiscoveryChannels.CrossRegionAssist),
    ];

    public static bool IsKnown(string? kind) => kind is not null && All.Any(c => c.Kind == kind);

    public static string ChannelOf(string kind) => All.First(c => c.Kind == kind).Channel;

    public static bool IsKeyPopulation(string kind) => kind is KeyPopulationClosed or KeyPopulationOpen;
}
