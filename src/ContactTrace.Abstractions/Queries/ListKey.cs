using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace ContactTrace.Queries;

/// <summary>
/// Where a keyset-paged list stopped: the time it is ordered by and the id that breaks ties. Its cursor text is
/// <c>{UTC ticks}:{id}</c>, exact at PostgreSQL's microseconds and at .NET's ticks alike.
/// </summary>
public readonly record struct ListKey(DateTimeOffset At, string Id)
{
    public override string ToString() => $"{At.UtcTicks.ToString(CultureInfo.InvariantCulture)}:{Id}";

    public static bool TryParse(string? cursor, [NotNullWhen(true)] out ListKey? key)
    {
        key = null;
        var colon = cursor?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (colon is < 1 or > 19
            || !long.TryParse(cursor.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks > DateTimeOffset.MaxValue.UtcTicks
            || !Ids.IsValid(cursor![(colon + 1)..]))
        {
            return false;
        }

        key = new ListKey(new DateTimeOffset(ticks, TimeSpan.Zero), cursor[(colon + 1)..]);
        return true;
    }
}
