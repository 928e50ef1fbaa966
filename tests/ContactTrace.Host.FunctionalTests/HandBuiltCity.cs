using ContactTrace.CityGenerator;
using ContactTrace.Oracle;

namespace ContactTrace.Host.FunctionalTests;

/// <summary>
/// A city small enough to work out by hand, built around the edges of the rules: an overlap of exactly one minute,
/// touching and sub-minute overlaps, default dwell per kind class, the window clipping the case's visits, a close
/// contact's own window (from their first exposure), open-class venues not expanded, a venue-exposed person upgraded
/// to secondary, households with and without ids, a reported contact and their household, another case excluded,
/// and the households of secondary contacts sharing their home isolation.
/// Times are minutes from <c>T0</c>, ten hours ago; the case's window opens 78 hours ago (onset 30 h ago, minus 2 days).
/// </summary>
internal sealed class HandBuiltCity
{
    private const string Tag = "hb";

    private HandBuiltCity(DateTimeOffset now, OracleCity city, OracleReportedContact reported)
    {
        SampledAt = now.AddHours(-1);
        OnsetAt = now.AddHours(-30);
        City = city;
        Reported = reported;
    }

    public OracleCity City { get; }

    public DateTimeOffset SampledAt { get; }

    public DateTimeOffset OnsetAt { get; }

    /// <summary>Y's case: its window ends an hour before T0, so Y reaches nobody here, yet Y is a case.</summary>
    public DateTimeOffset OtherSampledAt { get; private init; }

    public DateTimeOffset OtherReportedAt { get; private init; }

    public string CaseId => Id("case-x");

    /// <summary>Case of person Y, reported (and traced) before X's: though at the restaurant with X, Y is a case, never X's contact.</summary>
    public string OtherCaseId => Id("case-y");

    public OracleReportedContact Reported { get; }

    /// <summary>Worked out by hand from DESIGN.md's rules: short person name → "tier category".</summary>
    public IReadOnlyDictionary<string, string> Expected { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["A"] = "1 close-contact",      // restaurant, overlap of exactly 1 minute
        ["D"] = "1 close-contact",      // restaurant without leftAt: 60 min dwell reaches 10 min into the case's visit
        ["U"] = "1 close-contact",      // bus, overlapping the part of the case's visit inside the window
        ["X2"] = "1 close-contact",     // the case's household
        ["R1"] = "1 close-contact",     // reported after interview
        ["H"] = "1 venue-exposed",      // market (open class)
        ["K"] = "1 venue-exposed",      // supermarket, open-class dwell of 30 min without leftAt
        ["C"] = "2 secondary-contact",  // venue-exposed at the market, but also at the office with A: upgraded
        ["E"] = "2 secondary-contact",  // office with A, after A's first exposure
        ["A2"] = "2 secondary-contact", // A's household
        ["R1h"] = "2 secondary-contact", // the reported contact's household
        ["Q"] = "2 secondary-contact",  // restaurant with R1, after R1's reported exposure; shares a household with C
        ["E2"] = "2 home-isolation",    // E's household shares E's home isolation
        ["H"] = "2 home-isolation",     // venue-exposed at the market, but in E's household: home isolation is more severe
    };

    // Not reached: B (touching), B2 (45 s), Y (a case), F (office with A before A's exposure), G (market with A:
    // open venues are not expanded), P (office with R1 before R1's exposure), S (bus with the case before the
    // window), J (supermarket after the case's 30 min dwell), and the no-household persons are not one household.
    public string Id(string name) => OracleCity.Id(Tag, name);

    public static HandBuiltCity Create(DateTimeOffset now)
    {
        var t0 = now.AddHours(-10);
        var windowStart = now.AddHours(-78);
        var households = new Dictionary<string, string>
        {
            ["X"] = "H1", ["X2"] = "H1", ["A"] = "H2", ["A2"] = "H2", ["R1"] = "H3", ["R1h"] = "H3",
            ["E"] = "H4", ["E2"] = "H4", ["H"] = "H4", ["C"] = "H5", ["Q"] = "H5",
        };
        string[] loners = ["B", "B2", "D", "F", "G", "J", "K", "P", "S", "U", "Y"];
        var persons = households.Select(p => new Person(OracleCity.Id(Tag, p.Key), "nangang", OracleCity.Id(Tag, p.Value)))
            .Concat(loners.Select(name => new Person(OracleCity.Id(Tag, name), "nangang", "")))
            .ToList();
        var venues = new[] { ("R", "restaurant"), ("R2", "restaurant"), ("O", "office"), ("BUS", "bus"), ("M", "market"), ("SM", "supermarket") }
            .Select(v => new Venue(OracleCity.Id(Tag, v.Item1), v.Item1, "nangang", v.Item2, 1))
            .ToList();

        var scans = new List<Scan>();
        void At(string person, string venue, double from, double? until, DateTimeOffset origin) => scans.Add(new Scan(
            OracleCity.Id(Tag, $"s{scans.Count}"), OracleCity.Id(Tag, person), OracleCity.Id(Tag, venue),
            origin.AddMinutes(from), until is { } u ? origin.AddMinutes(u) : null));
        void Visit(string person, string venue, double from, double? until) => At(person, venue, from, until, t0);

        Visit("X", "R", 0, 60);
        Visit("A", "R", 59, 60.5);
        Visit("B", "R", 60, 120);
        Visit("B2", "R", 59.75, 70);
        Visit("D", "R", -50, null);
        Visit("Y", "R", 10, 40);
        Visit("X", "M", 130, 140);
        Visit("C", "M", 120, null);
        Visit("H", "M", 135, 145);
        Visit("A", "O", 200, 260);
        Visit("E", "O", 250, 300);
        Visit("C", "O", 255, 290);
        Visit("D", "O", 210, 220);
        Visit("A", "O", -300, -200);
        Visit("F", "O", -290, -250);
        Visit("A", "M", 300, 330);
        Visit("G", "M", 310, 340);
        Visit("R1", "O", 50, 80);
        Visit("P", "O", 60, 70);
        Visit("R1", "R2", 150, 200);
        Visit("Q", "R2", 190, 250);
        Visit("X", "SM", 400, null);
        Visit("J", "SM", 440, 450);
        Visit("K", "SM", 425, 440);
        At("X", "BUS", -40, 20, windowStart);
        At("S", "BUS", -40, -5, windowStart);
        At("U", "BUS", 10, 30, windowStart);

        var city = new OracleCity(Tag, persons, venues, scans);
        var reported = new OracleReportedContact(OracleCity.Id(Tag, "case-x"), OracleCity.Id(Tag, "R1"), t0.AddMinutes(100), t0.AddMinutes(110));
        return new HandBuiltCity(now, city, reported) { OtherSampledAt = now.AddHours(-12), OtherReportedAt = now.AddHours(-11) };
    }
}
