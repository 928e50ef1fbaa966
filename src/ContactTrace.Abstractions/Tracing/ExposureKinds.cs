namespace ContactTrace.Tracing;

/// <summary>How an exposure happened: sharing a venue, a household, or as a tracer found by interview.</summary>
public static class ExposureKinds
{
    public const string Venue = "venue";
    public const string Household = "household";
    public const string Reported = "reported";
}
