namespace ContactTrace.Oracle;

/// <summary>
/// The policy values the oracle reads, taken from DESIGN.md's preset table and kind list (not from the product's
/// policy types, so that the oracle stays independent of them).
/// </summary>
public sealed record class OraclePolicy
{
    public const string NationalV9Name = "national-v9";
    public const string TwentyMeasuresName = "twenty-measures";

    /// <summary>DESIGN.md's close-class (enclosed) kinds; every other kind is open-class.</summary>
    public static ImmutableArray<string> DesignCloseClassKinds { get; } =
        ["restaurant", "bath-house", "bus", "taxi", "office", "classroom", "dormitory", "gym", "entertainment"];

    public static OraclePolicy NationalV9 { get; } = new();

    public static OraclePolicy TwentyMeasures { get; } = new()
    {
        Preset = TwentyMeasuresName,
        TraceSecondaryContacts = false,
        CloseContactCentralizedDays = 5,
        CloseContactFollowUpDays = 3,
        CloseContactFollowUpKind = "home-isolation",
        SecondaryContactHomeIsolationDays = 0,
    };

    public string Preset { get; init; } = NationalV9Name;

    public bool TraceSecondaryContacts { get; init; } = true;

    public int CloseVenueDwellMinutes { get; init; } = 60;

    public int OpenVenueDwellMinutes { get; init; } = 30;

    public int MinOverlapMinutes { get; init; } = 1;

    public ImmutableArray<string> CloseClassKinds { get; init; } = DesignCloseClassKinds;

    public int CloseContactCentralizedDays { get; init; } = 7;

    public int CloseContactFollowUpDays { get; init; } = 3;

    public string CloseContactFollowUpKind { get; init; } = "home-monitoring";

    public int SecondaryContactHomeIsolationDays { get; init; } = 7;

    public ImmutableArray<int> VenueExposedTestDays { get; init; } = [1, 3];

    /// <summary>
    /// An upper bound on any one stay (leftAt − scannedAt) that lets co-presence lookups start their index range
    /// scan there; <c>null</c> (the default) reads each venue's whole history before the interval and is exact.
    /// </summary>
    public TimeSpan? MaxStay { get; init; }

    public static OraclePolicy ForPreset(string preset) => preset switch
    {
        NationalV9Name => NationalV9,
        TwentyMeasuresName => TwentyMeasures,
        _ => throw new ArgumentOutOfRangeException(nameof(preset), preset, "not a preset of DESIGN.md"),
    };
}
