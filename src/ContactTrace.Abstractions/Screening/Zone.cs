namespace ContactTrace.Screening;

/// <summary>
/// A high-risk zone (高风险区): a residential compound or workplace where a case lived or was active. Reporting a
/// case proposes its compound; a tracer confirms it (<c>active</c>: residents stay home and their codes are red)
/// or declares one; it lifts itself at <see cref="LiftAfter"/>, <c>highRiskLiftDays</c> after its last case, or
/// when a tracer lifts it. <see cref="Since"/> is when it became active, <see cref="Until"/> when it lifted.
/// </summary>
public sealed record class Zone(
    string ZoneId,
    string CompoundId,
    string District,
    string Status,
    DateTimeOffset ProposedAt,
    DateTimeOffset? Since,
    DateTimeOffset? Until,
    DateTimeOffset LiftAfter,
    DateTimeOffset? LastCaseAt,
    ImmutableArray<string> CaseIds)
{
    public const string HighRisk = "high-risk";

    public bool IsOpen => Status != ZoneStatuses.Lifted;
}

public static class ZoneStatuses
{
    public const string Proposed = "proposed";
    public const string Active = "active";
    public const string Lifted = "lifted";

    public static ImmutableArray<string> All { get; } = [Proposed, Active, Lifted];
}

/// <summary>What declaring a zone did, or why it could not.</summary>
public enum ZoneDeclaration
{
    /// <summary>A new zone, active at once.</summary>
    Declared,

    /// <summary>A proposed zone, now active.</summary>
    Confirmed,

    /// <summary>Already active as declared.</summary>
    Unchanged,

    /// <summary>The zone was lifted; declare a new one.</summary>
    Lifted,

    /// <summary>The zone id names another compound.</summary>
    OtherCompound,

    /// <summary>The compound has another open zone.</summary>
    CompoundTaken,
}
