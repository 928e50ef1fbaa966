namespace ContactTrace.Cases;

/// <summary>Where an interviewed contact met the case.</summary>
public static class ContactSettings
{
    public static ImmutableArray<string> All { get; } = ["household", "meal", "vehicle", "work", "care", "other"];

    public static bool IsKnown(string? setting) => setting is not null && All.Contains(setting);
}
