using ContactTrace.Cases;
using ContactTrace.Registry;
using ContactTrace.Tracing;

namespace ContactTrace.Bench.Commands.Chain;

/// <summary>
/// A generated outbreak that is one transmission cluster: case 0 is found by community screening; every later
/// case is a person an earlier case's trace reached (its source, one of the previous 300), reported over
/// <c>days</c> local days ending yesterday. Each case has 1–3 household and 1–2 venue close contacts and 1–2
/// contacts of close contacts (about 5 persons a case, each reached once). Deterministic from the seed.
/// </summary>
internal sealed class Outbreak
{
    private const int SourceReach = 300;
    private const int Venues = 500;

    private static readonly (string Code, int Weight)[] Channels =
    [
        (DiscoveryChannels.Isolation, 45), (DiscoveryChannels.ContactScreening, 20), (DiscoveryChannels.CommunityScreening, 20),
        (DiscoveryChannels.ClosedLoopKeyPopulation, 5), (DiscoveryChannels.OpenKeyPopulation, 3), (DiscoveryChannels.CrossRegionAssist, 2),
        (DiscoveryChannels.ArrivalTest, 2), (DiscoveryChannels.CareSeeking, 3),
    ];

    private readonly Random _random;
    private readonly List<OutbreakCase> _cases = [];
    private readonly List<OutbreakContact> _contacts = [];
    private int _persons;

    private Outbreak(int seed) => _random = new Random(seed);

    public IReadOnlyList<OutbreakCase> Cases => _cases;

    public IReadOnlyList<OutbreakContact> Contacts => _contacts;

    public string ClusterId => _cases[0].CaseId;

    public DateOnly FirstDay { get; private init; }

    public int Days { get; private init; }

    public static Outbreak Generate(int cases, int days, int seed)
    {
        var firstDay = CityClock.LocalDate(DateTimeOffset.UtcNow).AddDays(-days);
        var outbreak = new Outbreak(seed) { FirstDay = firstDay, Days = days };
        var start = new DateTimeOffset(firstDay.ToDateTime(TimeOnly.MinValue), CityClock.LocalOffset);
        var span = TimeSpan.FromDays(days);
        for (var k = 0; k < cases; k++)
        {
            // In whole microseconds, as PostgreSQL keeps times: the host plans assignment ids from times read back.
            var reportedAt = ManagementRules.ToMicroseconds(start + (span * ((k + outbreak._random.NextDouble()) / cases)));
            outbreak.AddCase(k, reportedAt.ToUniversalTime());
        }

        return outbreak;
    }

    private void AddCase(int k, DateTimeOffset reportedAt)
    {
        var caseId = $"oc-case-{k:D6}";
        var household = $"oc-hh-{k:D6}";
        var district = PickDistrict();
        var source = k == 0 ? null : _cases[k - 1 - _random.Next(Math.Min(k, SourceReach))];
        var asymptomatic = _random.NextDouble() < 0.7;
        var converted = asymptomatic && _random.NextDouble() < 0.05 ? reportedAt.AddHours(_random.Next(12, 72)) : (DateTimeOffset?)null;
        var record = new OutbreakCase(
            caseId, NextPerson(), household, asymptomatic ? Classifications.Asymptomatic : Classifications.Confirmed,
            converted < DateTimeOffset.UtcNow ? converted : null, district,
            source is null ? DiscoveryChannels.CommunityScreening : Pick(Channels),
            reportedAt.AddHours(-_random.Next(4, 20)), reportedAt, source?.CaseId, source is null ? null : SourceExposure(source));
        _cases.Add(record);
        AddContacts(record);
    }

    // How the source's trace reached this case's person: a shared household or an hour at a venue in its window.
    private OutbreakExposure SourceExposure(OutbreakCase source) => _random.NextDouble() < 0.4
        ? new OutbreakExposure(ExposureKinds.Household, null, null, source.WindowStart, source.WindowEnd)
        : VenueExposure(source, null);

    private void AddContacts(OutbreakCase c)
    {
        var close = new List<string>();
        for (var i = _random.Next(1, 4); i > 0; i--)
        {
            close.Add(AddContact(c, c.HouseholdId, c.District, 1, ManagementCategory.CloseContact,
                new OutbreakExposure(ExposureKinds.Household, null, null, c.WindowStart, c.WindowEnd)));
        }

        for (var i = _random.Next(1, 3); i > 0; i--)
        {
            close.Add(AddContact(c, $"oc-hh-{c.CaseId}-v{i}", PickDistrict(), 1, ManagementCategory.CloseContact, VenueExposure(c, null)));
        }

        for (var i = _random.Next(1, 3); i > 0; i--)
        {
            var via = close[_random.Next(close.Count)];
            AddContact(c, $"oc-hh-{c.CaseId}-s{i}", PickDistrict(), 2, ManagementCategory.SecondaryContact, VenueExposure(c, via));
        }
    }

    private string AddContact(OutbreakCase c, string household, string district, int tier, string category, OutbreakExposure exposure)
    {
        var personId = NextPerson();
        _contacts.Add(new OutbreakContact(c.CaseId, personId, household, district, tier, category, exposure));
        return personId;
    }

    private OutbreakExposure VenueExposure(OutbreakCase c, string? via)
    {
        var from = c.WindowEnd.AddMinutes(-_random.Next(60, 40 * 60));
        return new OutbreakExposure(ExposureKinds.Venue, $"oc-v{_random.Next(Venues):D4}", via, from, from.AddMinutes(_random.Next(10, 61)));
    }

    private string NextPerson() => $"oc-p{_persons++:D7}";

    // The six main urban districts are where most cases are; the outlying districts and counties less so.
    private string PickDistrict() => Pick(Districts.All.Select(d => (d.Code, d.IsMainUrban ? 10 : d.Kind == DistrictKind.District ? 3 : 1)).ToArray());

    private string Pick((string Code, int Weight)[] choices)
    {
        var draw = _random.Next(choices.Sum(c => c.Weight));
        foreach (var (code, weight) in choices)
        {
            draw -= weight;
            if (draw < 0)
            {
                return code;
            }
        }

        return choices[^1].Code;
    }
}
