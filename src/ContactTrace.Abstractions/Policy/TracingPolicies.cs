namespace ContactTrace.Policy;

/// <summary>The presets of DESIGN.md: the national protocol, 9th edition, and the "twenty measures".</summary>
public static class TracingPolicies
{
    public const string NationalV9Name = "national-v9";
    public const string TwentyMeasuresName = "twenty-measures";

    public static TracingPolicy NationalV9 { get; } = new();

    public static TracingPolicy TwentyMeasures { get; } = new()
    {
        Preset = TwentyMeasuresName,
        TraceSecondaryContacts = false,
        CloseContactCentralizedDays = 5,
        CloseContactFollowUpDays = 3,
        CloseContactFollowUpKind = AssignmentKinds.HomeIsolation,
        SecondaryContactHomeIsolationDays = 0,
        HighRiskLiftDays = 5,
    };

    public static TracingPolicy? Find(string? name) => name switch
    {
        NationalV9Name => NationalV9,
        TwentyMeasuresName => TwentyMeasures,
        _ => null,
    };
}
