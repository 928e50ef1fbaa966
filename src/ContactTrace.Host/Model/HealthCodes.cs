namespace ContactTrace.Host.Model;

/// <summary>The health-code colour a management category shows as.</summary>
public static class HealthCodes
{
    public static string For(string category) => category switch
    {
        ManagementCategory.Case or ManagementCategory.CloseContact => "red",
        ManagementCategory.SecondaryContact or ManagementCategory.HomeIsolation or ManagementCategory.VenueExposed => "yellow",
        _ => "green",
    };
}
