namespace ContactTrace.Policy;

/// <summary>
/// The rules in force: every value of DESIGN.md's policy table, from a preset (<see cref="TracingPolicies"/>)
/// with any value overridden in configuration (<c>ContactTrace:Policy</c>).
/// </summary>
[GenerateSerializer, Immutable, Alias("ContactTrace.TracingPolicy")]
public sealed record class TracingPolicy
{
    [Id(0)] public string Preset { get; init; } = TracingPolicies.NationalV9Name;

    /// <summary>Days before onset (or sampling, for asymptomatic cases) that the exposure window opens.</summary>
    [Id(1)] public int LookbackDays { get; init; } = 2;

    /// <summary>Whether contacts of close contacts (tier 2, 次密接) are traced at all.</summary>
    [Id(2)] public bool TraceSecondaryContacts { get; init; } = true;

    [Id(3)] public int CloseContactCentralizedDays { get; init; } = 7;

    [Id(4)] public int CloseContactFollowUpDays { get; init; } = 3;

    /// <summary><c>home-monitoring</c> (national-v9) or <c>home-isolation</c> (twenty-measures).</summary>
    [Id(5)] public string CloseContactFollowUpKind { get; init; } = AssignmentKinds.HomeMonitoring;

    [Id(6)] public int SecondaryContactHomeIsolationDays { get; init; } = 7;

    /// <summary>Days after the last exposure on which a venue-exposed person is tested.</summary>
    [Id(7)] public ImmutableArray<int> VenueExposedTestDays { get; init; } = [1, 3];

    [Id(8)] public int CloseVenueDwellMinutes { get; init; } = 60;

    [Id(9)] public int OpenVenueDwellMinutes { get; init; } = 30;

    /// <summary>Two presence intervals at one venue that overlap by at least this much make an exposure.</summary>
    [Id(10)] public int MinOverlapMinutes { get; init; } = 1;

    /// <summary>A high-risk zone lifts itself after this many consecutive days without a new case in it.</summary>
    [Id(20)] public int HighRiskLiftDays { get; init; } = 7;

    /// <summary>A key-population person's last negative test may be this old before their code turns yellow.</summary>
    [Id(21)] public int KeyPopulationTestHours { get; init; } = 24;

    /// <summary>Days after their last key-population test that a person still counts as key population.</summary>
    [Id(22)] public int KeyPopulationLapseDays { get; init; } = 7;

    /// <summary>An arrival's last negative test may be this old before their code turns yellow.</summary>
    [Id(23)] public int ArrivalTestHours { get; init; } = 48;

    /// <summary>Days after arrival testing that an arrival must keep a recent negative test.</summary>
    [Id(24)] public int ArrivalMonitoringDays { get; init; } = 3;

    /// <summary>The longest a venue-exposed person stays yellow waiting for the tests of their test days, from the last exposure.</summary>
    [Id(25)] public int VenueExposedCodeDays { get; init; } = 14;

    public TimeSpan DwellFor(VenueClass venueClass) =>
        TimeSpan.FromMinutes(venueClass == VenueClass.Close ? CloseVenueDwellMinutes : OpenVenueDwellMinutes);

    public TimeSpan MinOverlap => TimeSpan.FromMinutes(MinOverlapMinutes);
}
