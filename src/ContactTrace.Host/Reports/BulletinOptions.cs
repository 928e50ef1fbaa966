namespace ContactTrace.Host.Reports;

/// <summary>The <c>ContactTrace:Reports</c> section.</summary>
public sealed class BulletinOptions
{
    public const string SectionName = "ContactTrace:Reports";

    /// <summary>
    /// How long the figures of a bulletin answer the same question again (5 s by default; zero: always computed
    /// anew). A running day's answer then runs to the moment its figures were computed, and says so in
    /// <c>periodEnd</c>.
    /// </summary>
    public TimeSpan ReuseFor { get; set; } = TimeSpan.FromSeconds(5);
}
