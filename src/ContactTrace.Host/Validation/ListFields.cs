using System.Globalization;
using ContactTrace.Queries;

namespace ContactTrace.Host.Validation;

/// <summary>The parameters the tracing teams' lists share: a page size, a keyset cursor, a time or a local day.</summary>
public static class ListFields
{
    public static int Limit(this FieldErrors errors, int? limit, int defaultSize, int maxSize)
    {
        if (limit is < 1 || limit > maxSize)
        {
            errors.Add("limit", $"must be between 1 and {maxSize}");
        }

        return limit ?? defaultSize;
    }

    public static ListKey? Cursor(this FieldErrors errors, string? after)
    {
        if (after is null)
        {
            return null;
        }

        if (!ListKey.TryParse(after, out var key))
        {
            errors.Add("after", "is not a cursor of this list; pass the 'next' of the previous page");
        }

        return key;
    }

    /// <summary>The cursor of a gapless feed (a hotel's assignments, the health codes): 0 when absent, the feed's start.</summary>
    public static long FeedCursor(this FieldErrors errors, string field, string? text)
    {
        if (text is null)
        {
            return 0;
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var cursor))
        {
            errors.Add(field, "must be a cursor from this feed");
        }

        return cursor;
    }

    /// <summary>
    /// An ISO-8601 time with offset, or a day <c>YYYY-MM-DD</c> in <paramref name="zone"/>: its start, or with
    /// <paramref name="dayEnd"/> its end (the start of the next day), so that <c>from=D&amp;to=D</c> is the whole day D.
    /// </summary>
    public static DateTimeOffset? TimeOrDay(this FieldErrors errors, string field, string? text, TimeZoneInfo zone, bool dayEnd)
    {
        if (text is null)
        {
            return null;
        }

        if (IsoTime.TryParse(text, out var time))
        {
            return time;
        }

        if (text.Length == 10 && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            && day.Year is > 1 and < 9999)
        {
            var local = (dayEnd ? day.AddDays(1) : day).ToDateTime(TimeOnly.MinValue);
            return new DateTimeOffset(local, zone.GetUtcOffset(local));
        }

        errors.Add(field, "must be an ISO-8601 timestamp with offset or a day YYYY-MM-DD");
        return null;
    }

    public static FieldErrors OneOf(this FieldErrors errors, string field, string? value, IEnumerable<string> allowed)
    {
        var known = allowed.ToList();
        return value is null || known.Contains(value, StringComparer.Ordinal)
            ? errors
            : errors.Add(field, $"must be one of {string.Join(", ", known)}");
    }
}
