namespace ContactTrace.Policy;

/// <summary>Wire names of an isolation assignment's kind, as API.md lists them.</summary>
public static class AssignmentKinds
{
    public const string CentralizedIsolation = "centralized-isolation";
    public const string HomeIsolation = "home-isolation";
    public const string HomeMonitoring = "home-monitoring";
    public const string Testing = "testing";
}
