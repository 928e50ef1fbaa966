namespace ContactTrace.CityGenerator;

/// <summary>ISO-8601 with offset and whole seconds, e.g. <c>2022-11-20T01:15:42+00:00</c>: what the API accepts.</summary>
public static class ScanTimestamps
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:sszzz";

    /// <summary>Longest text <see cref="Format"/> produces.</summary>
    public const int MaxLength = 25;

    public static bool TryFormat(DateTimeOffset value, Span<char> destination, out int written) =>
        value.TryFormat(destination, out written, Format, CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(ReadOnlySpan<char> text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
