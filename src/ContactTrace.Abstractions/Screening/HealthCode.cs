namespace ContactTrace.Screening;

/// <summary>
/// A person's health code (健康码): its colour, why, and since when it has that colour. Green is every person's
/// code unless a rule says otherwise; it carries no reasons. Never any name or phone.
/// </summary>
public sealed record class HealthCode(string PersonId, string Code, ImmutableArray<HealthReason> Reasons, DateTimeOffset? Since)
{
    public static HealthCode Green(string personId) => new(personId, HealthCodes.Green, [], null);

    /// <summary>The same colour and the same rules with the same periods: nothing a reader of the feed would need to hear again.</summary>
    public bool SameAs(HealthCode other) => Code == other.Code && Reasons.SequenceEqual(other.Reasons);
}

/// <summary>One rule that colours a code, in force since <see cref="Since"/> and, when known, until <see cref="Until"/>.</summary>
public sealed record class HealthReason(string Rule, DateTimeOffset Since, DateTimeOffset? Until);

/// <summary>What the rules say of a person now, and when they next could say something else without new facts.</summary>
public sealed record class HealthVerdict(string Code, ImmutableArray<HealthReason> Reasons, DateTimeOffset? NextCheckAt);

/// <summary>A person's code as stored, with the person's timer.</summary>
public sealed record class StoredHealthCode(HealthCode Code, DateTimeOffset? NextCheckAt);

/// <summary>A re-evaluated code: the code and timer to store, whether it changed for the feed, whether the row is to be written.</summary>
public sealed record class HealthCodeStep(HealthCode Code, DateTimeOffset? NextCheckAt, bool Changed, bool Write);

/// <summary>The colours, and the rules of DESIGN.md that give them.</summary>
public static class HealthCodes
{
    public const string Green = "green";
    public const string Yellow = "yellow";
    public const string Red = "red";

    /// <summary>A case not yet released.</summary>
    public const string CaseRule = "case";

    /// <summary>A close contact, from identification until the centralized period ends.</summary>
    public const string CloseContactRule = "close-contact";

    /// <summary>A resident of an active high-risk zone (足不出户).</summary>
    public const string HighRiskZoneRule = "high-risk-zone";

    public const string SecondaryContactRule = "secondary-contact";

    /// <summary>Home isolation: a household member sharing it, or a close contact's follow-up under twenty-measures.</summary>
    public const string HomeIsolationRule = "home-isolation";

    /// <summary>A close contact's home health monitoring after the centralized period (national-v9).</summary>
    public const string HomeMonitoringRule = "home-monitoring";

    /// <summary>Venue-exposed until the tests of every test day are in and negative.</summary>
    public const string VenueExposedRule = "venue-exposed";

    /// <summary>A key-population person whose daily test is overdue.</summary>
    public const string KeyPopulationOverdueRule = "key-population-test-overdue";

    /// <summary>An arrival without a negative test in the last hours the policy asks for.</summary>
    public const string ArrivalOverdueRule = "arrival-test-overdue";

    public static int Rank(string code) => code switch
    {
        Red => 2,
        Yellow => 1,
        _ => 0,
    };
}
