namespace ContactTrace.Bench.Report;

/// <summary>How the bench writes numbers: invariant culture, thousands separators, units spelled out.</summary>
internal static class Figures
{
    public static string Count(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Rate(double perSecond) => $"{Count(perSecond)}/s";

    public static string Milliseconds(double value) =>
        double.IsNaN(value) ? "n/a" : value.ToString(value < 10 ? "F1" : "F0", CultureInfo.InvariantCulture) + " ms";

    public static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s";

    public static string Megabytes(long bytes) => (bytes / 1024.0 / 1024.0).ToString("F0", CultureInfo.InvariantCulture) + " MiB";

    public static string Percent(double share) =>
        double.IsNaN(share) ? "n/a" : (share * 100).ToString("F0", CultureInfo.InvariantCulture) + "%";

    public static string Ratio(double value) => value.ToString("F2", CultureInfo.InvariantCulture) + "×";
}
