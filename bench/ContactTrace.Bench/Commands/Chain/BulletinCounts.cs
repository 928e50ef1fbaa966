using System.Text.Json;

namespace ContactTrace.Bench.Commands.Chain;

/// <summary>
/// The figures of one bulletin period, however they were counted: from the host's JSON
/// (<c>GET /api/reports/daily</c>, <see cref="FromJson"/>) or by the bench's own SQL (<see cref="PlainSqlQueries"/>).
/// Channels and districts are counts by code; the order the bulletin reads them in is not compared.
/// </summary>
internal sealed record class BulletinCounts(
    DateTimeOffset PeriodStart,
    DateTimeOffset PeriodEnd,
    int Confirmed,
    int Asymptomatic,
    int ConvertedToConfirmed,
    IReadOnlyDictionary<string, int> ByChannel,
    IReadOnlyDictionary<string, int> ByDistrict,
    int CloseIdentified,
    int SecondaryIdentified,
    int CloseUnderManagement,
    int SecondaryUnderManagement,
    int Centralized,
    int Home,
    int AwaitingCapacity)
{
    public static BulletinCounts FromJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var cases = root.GetProperty("newCases");
        var contacts = root.GetProperty("contacts");
        var isolation = root.GetProperty("isolation");
        static Dictionary<string, int> ByCode(JsonElement items, string code) =>
            items.EnumerateArray().ToDictionary(i => i.GetProperty(code).GetString()!, i => i.GetProperty("count").GetInt32(), StringComparer.Ordinal);
        return new BulletinCounts(
            root.GetProperty("periodStart").GetDateTimeOffset(), root.GetProperty("periodEnd").GetDateTimeOffset(),
            cases.GetProperty("confirmed").GetInt32(), cases.GetProperty("asymptomatic").GetInt32(), cases.GetProperty("convertedToConfirmed").GetInt32(),
            ByCode(cases.GetProperty("byChannel"), "channel"), ByCode(cases.GetProperty("byDistrict"), "district"),
            contacts.GetProperty("closeIdentified").GetInt32(), contacts.GetProperty("secondaryIdentified").GetInt32(),
            contacts.GetProperty("closeUnderManagement").GetInt32(), contacts.GetProperty("secondaryUnderManagement").GetInt32(),
            isolation.GetProperty("centralized").GetInt32(), isolation.GetProperty("home").GetInt32(), isolation.GetProperty("awaitingCapacity").GetInt32());
    }

    /// <summary>Every figure by its JSON name, in the bulletin's order; times as UTC instants.</summary>
    public IReadOnlyList<(string Name, string Value)> Figures() =>
    [
        ("periodStart", Instant(PeriodStart)), ("periodEnd", Instant(PeriodEnd)),
        ("newCases.confirmed", Number(Confirmed)), ("newCases.asymptomatic", Number(Asymptomatic)),
        ("newCases.convertedToConfirmed", Number(ConvertedToConfirmed)),
        .. ByChannel.Where(c => c.Value != 0).OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => ($"newCases.byChannel.{c.Key}", Number(c.Value))),
        .. ByDistrict.Where(d => d.Value != 0).OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => ($"newCases.byDistrict.{d.Key}", Number(d.Value))),
        ("contacts.closeIdentified", Number(CloseIdentified)), ("contacts.secondaryIdentified", Number(SecondaryIdentified)),
        ("contacts.closeUnderManagement", Number(CloseUnderManagement)), ("contacts.secondaryUnderManagement", Number(SecondaryUnderManagement)),
        ("isolation.centralized", Number(Centralized)), ("isolation.home", Number(Home)), ("isolation.awaitingCapacity", Number(AwaitingCapacity)),
    ];

    /// <summary>The figures that differ from <paramref name="other"/>'s: name, this value, the other's ("-" when absent).</summary>
    public IReadOnlyList<(string Name, string Mine, string Theirs)> Differences(BulletinCounts other)
    {
        var mine = Figures().ToDictionary(f => f.Name, f => f.Value, StringComparer.Ordinal);
        var theirs = other.Figures().ToDictionary(f => f.Name, f => f.Value, StringComparer.Ordinal);
        return [.. Figures().Select(f => f.Name).Union(other.Figures().Select(f => f.Name), StringComparer.Ordinal)
            .Select(name => (name, Mine: mine.GetValueOrDefault(name, "-"), Theirs: theirs.GetValueOrDefault(name, "-")))
            .Where(d => !string.Equals(d.Mine, d.Theirs, StringComparison.Ordinal))];
    }

    private static string Instant(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
