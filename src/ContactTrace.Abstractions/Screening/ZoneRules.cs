namespace ContactTrace.Screening;

/// <summary>
/// A zone's lifecycle as pure code: <c>proposed → active → lifted</c> (or <c>proposed → lifted</c>, when nobody
/// confirmed it before it would have lifted). A compound has at most one open zone; each new case in it moves its
/// lift to <c>highRiskLiftDays</c> after that case. The stores keep the locking.
/// </summary>
public static class ZoneRules
{
    /// <summary>The compound's open zone with the case counted in it, or a new proposed zone; <c>null</c> when the case was counted before.</summary>
    public static Zone? AddCase(Zone? open, string compoundId, string district, string caseId, DateTimeOffset reportedAt, int liftDays)
    {
        if (open is null)
        {
            return new Zone(ScreeningIds.ZoneForCase(compoundId, caseId), compoundId, district, ZoneStatuses.Proposed, reportedAt, null, null,
                reportedAt.AddDays(liftDays), reportedAt, [caseId]);
        }

        if (open.CaseIds.Contains(caseId))
        {
            return null;
        }

        var lastCase = open.LastCaseAt is { } last && last > reportedAt ? last : reportedAt;
        var liftAfter = lastCase.AddDays(liftDays);
        return open with { CaseIds = open.CaseIds.Add(caseId), LastCaseAt = lastCase, LiftAfter = liftAfter > open.LiftAfter ? liftAfter : open.LiftAfter };
    }

    /// <summary>A tracer declares <paramref name="zoneId"/> for a compound: confirms it when proposed, creates it active when new.</summary>
    public static (ZoneDeclaration Outcome, Zone? Zone) Declare(
        Zone? existing, Zone? openForCompound, string zoneId, string compoundId, string district, DateTimeOffset now, int liftDays)
    {
        if (existing is not null)
        {
            return existing switch
            {
                { Status: ZoneStatuses.Lifted } => (ZoneDeclaration.Lifted, existing),
                _ when existing.CompoundId != compoundId => (ZoneDeclaration.OtherCompound, existing),
                { Status: ZoneStatuses.Active } => (ZoneDeclaration.Unchanged, existing),
                _ => (ZoneDeclaration.Confirmed, existing with
                {
                    Status = ZoneStatuses.Active,
                    Since = now,
                    LiftAfter = existing.LiftAfter > now ? existing.LiftAfter : now.AddDays(liftDays),
                }),
            };
        }

        return openForCompound is not null
            ? (ZoneDeclaration.CompoundTaken, openForCompound)
            : (ZoneDeclaration.Declared, new Zone(zoneId, compoundId, district, ZoneStatuses.Active, now, now, null, now.AddDays(liftDays), null, []));
    }

    /// <summary>The zone lifted at <paramref name="at"/>; <c>null</c> when it was lifted before.</summary>
    public static Zone? Lift(Zone zone, DateTimeOffset at) =>
        zone.IsOpen ? zone with { Status = ZoneStatuses.Lifted, Until = at } : null;

    public static bool IsDue(Zone zone, DateTimeOffset now) => zone.IsOpen && zone.LiftAfter <= now;
}
