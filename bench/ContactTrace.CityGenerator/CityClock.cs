namespace ContactTrace.CityGenerator;

/// <summary>
/// When people scan: 07:00–22:00 local time in Harbin. Asia/Shanghai has been UTC+8 without daylight saving
/// since 1991, so a constant offset is exact and keeps generation independent of the machine's tz database.
/// </summary>
public static class CityClock
{
    public static TimeSpan LocalOffset { get; } = TimeSpan.FromHours(8);

    public static TimeOnly Opens { get; } = new(7, 0);

    public static TimeOnly Closes { get; } = new(22, 0);

    public static int WindowSeconds { get; } = (int)(Closes - Opens).TotalSeconds;

    /// <summary>The UTC instant the scanning window of a local calendar day opens.</summary>
    public static DateTimeOffset WindowStartUtc(DateOnly localDate) =>
        new DateTimeOffset(localDate.ToDateTime(Opens), LocalOffset).ToUniversalTime();

    /// <summary>The local calendar day in Harbin at an instant.</summary>
    public static DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(LocalOffset).DateTime);
}
