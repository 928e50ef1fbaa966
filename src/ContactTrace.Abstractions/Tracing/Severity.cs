using ContactTrace.Registry;

namespace ContactTrace.Tracing;

/// <summary>One person, one management: when several apply, the most severe wins.</summary>
public static class Severity
{
    public static int Of(string category) => category switch
    {
        ManagementCategory.Case => 5,
        ManagementCategory.CloseContact => 4,
        ManagementCategory.SecondaryContact => 3,
        ManagementCategory.HomeIsolation => 2,
        ManagementCategory.VenueExposed => 1,
        _ => 0,
    };

    public static string MostSevere(string a, string b) => Of(a) >= Of(b) ? a : b;
}
