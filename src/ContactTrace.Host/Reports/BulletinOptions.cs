namespace ContactTrace.Host.Reports;

/// <summary>The <c>ContactTrace:Reports</c> section.</summary>
public sealed class BulletinOptions
{
    public const string SectionName = "ContactTrace:Reports";

    /// <summary>
    /// How long the figures of a bulletin answer the same question again (30 s by default: a bulletin is read out a
    /// few times a day, and its sums cost seconds on a busy database; zero: always computed anew). A running day's answer then runs to the moment its figures were computed, and says so in
    /// <c>periodEnd</c>.
    /// </summary>
    public TimeSpan ReuseFor { get; set; } = TimeSpan.FromSeconds(30);
}
