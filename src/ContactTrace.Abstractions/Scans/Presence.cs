namespace ContactTrace.Scans;

/// <summary>
/// The co-presence rule: a scan opens the interval <c>[scannedAt, leftAt ?? scannedAt + dwell]</c>, and two
/// intervals at one venue make an exposure when they overlap by at least the policy's minimum.
/// </summary>
public static class Presence
{
    public static DateTimeOffset End(DateTimeOffset scannedAt, DateTimeOffset? leftAt, TimeSpan dwell) =>
        leftAt ?? scannedAt + dwell;

    /// <summary>The length of the intersection of <c>[aFrom, aTo]</c> and <c>[bFrom, bTo]</c>; zero when they only touch or miss.</summary>
    public static TimeSpan Overlap(DateTimeOffset aFrom, DateTimeOffset aTo, DateTimeOffset bFrom, DateTimeOffset bTo)
    {
        var from = aFrom > bFrom ? aFrom : bFrom;
        var to = aTo < bTo ? aTo : bTo;
        return to > from ? to - from : TimeSpan.Zero;
    }

    public static bool IsExposure(DateTimeOffset aFrom, DateTimeOffset aTo, DateTimeOffset bFrom, DateTimeOffset bTo, TimeSpan minOverlap) =>
        Overlap(aFrom, aTo, bFrom, bTo) is var overlap && overlap > TimeSpan.Zero && overlap >= minOverlap;
}
