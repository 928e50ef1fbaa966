namespace ContactTrace.Hotels;

/// <summary>
/// How far apart two of the city's units are, for sending a person to the nearest district with a free room.
/// The default is a coarse ring model of Harbin — the six main urban districts close to each other, the three
/// outer districts next, the counties and county-level cities farthest — and any pair can be overridden in
/// configuration (<c>ContactTrace:Hotels:Distances:&lt;from&gt;:&lt;to&gt;</c>).
/// </summary>
public sealed class DistrictDistances(IReadOnlyDictionary<(string From, string To), int>? overrides = null)
{
    public static DistrictDistances Default { get; } = new();

    public int Between(string from, string to)
    {
        if (from == to)
        {
            return 0;
        }

        if (overrides is not null && (overrides.TryGetValue((from, to), out var distance) || overrides.TryGetValue((to, from), out distance)))
        {
            return distance;
        }

        return Ring(from) + Ring(to);
    }

    /// <summary>Hotel districts ordered nearest first — the person's own always first — ties in the official order.</summary>
    public IEnumerable<string> NearestFirst(string from, IEnumerable<string> districts) =>
        districts.Distinct().OrderBy(d => d == from ? 0 : 1).ThenBy(d => Between(from, d)).ThenBy(d => Districts.TryGet(d, out var unit) ? unit.Order : int.MaxValue);

    private static int Ring(string code) => Districts.TryGet(code, out var unit)
        ? unit switch
        {
            { IsMainUrban: true } => 1,
            { Kind: DistrictKind.District } => 2,
            _ => 3,
        }
        : 4;
}
