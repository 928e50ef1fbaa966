using System.Globalization;

namespace ContactTrace;

/// <summary>The API's timestamps: ISO-8601 with an explicit offset (<c>Z</c> or <c>±hh:mm</c>); a local time without one is ambiguous.</summary>
public static class IsoTime
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    public static bool TryParse(string? text, out DateTimeOffset time)
    {
        time = default;
        if (string.IsNullOrEmpty(text) || text.Length > 40 || !HasOffset(text))
        {
            return false;
        }

        return DateTimeOffset.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
    }

    private static bool HasOffset(string text)
    {
        var timePart = text.IndexOf('T', StringComparison.Ordinal);
        return timePart > 0 && (text.EndsWith('Z') || text.AsSpan(timePart).IndexOfAny('+', '-') > 0);
    }
}
