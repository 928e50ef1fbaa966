namespace ContactTrace.Bench.Cli;

/// <summary>
/// Durations on the command line: whole seconds, minutes or hours with their unit (<c>90s</c>, <c>10m</c>, <c>1h</c>),
/// written back the same way so that a printed command line runs again as it was.
/// </summary>
internal static class Durations
{
    private const long MaxAmount = 1_000_000;

    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (text.Length < 2 || !long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount > MaxAmount)
        {
            return false;
        }

        value = text[^1] switch
        {
            's' => TimeSpan.FromSeconds(amount),
            'm' => TimeSpan.FromMinutes(amount),
            'h' => TimeSpan.FromHours(amount),
            _ => TimeSpan.MinValue,
        };
        return value != TimeSpan.MinValue;
    }

    public static string Format(TimeSpan value) =>
        value.Ticks % TimeSpan.TicksPerHour == 0 && value >= TimeSpan.FromHours(1) ? string.Create(CultureInfo.InvariantCulture, $"{(long)value.TotalHours}h")
        : value.Ticks % TimeSpan.TicksPerMinute == 0 && value >= TimeSpan.FromMinutes(1) ? string.Create(CultureInfo.InvariantCulture, $"{(long)value.TotalMinutes}m")
        : string.Create(CultureInfo.InvariantCulture, $"{(long)Math.Ceiling(value.TotalSeconds)}s");
}
