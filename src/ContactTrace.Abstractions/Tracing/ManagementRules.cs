using ContactTrace.Registry;

namespace ContactTrace.Tracing;

/// <summary>
/// One person, one management, as pure rules: the most severe category wins; a case is never a contact; a new
/// exposure never shortens a running measure, it extends or upgrades it; periods count from the last exposure.
/// Applying the same finding twice changes nothing the second time.
/// </summary>
public static class ManagementRules
{
    /// <summary>The change a trace's finding makes to a person, or <c>null</c> when it changes nothing.</summary>
    public static ManagementChange? Apply(
        PersonManagement current, IReadOnlyList<Assignment> active, ContactFinding finding, string caseId, TracingPolicy policy, DateTimeOffset now)
    {
        if (current.Category == ManagementCategory.Case)
        {
            return null;
        }

        var planned = Plan(finding.PersonId, caseId, finding.Category, ToMicroseconds(finding.LastExposure), policy);
        if (planned.Length == 0)
        {
            return null;
        }

        var running = current.IsRunning(now);
        var plannedEnd = planned[^1].End;
        var severity = Severity.Of(finding.Category).CompareTo(Severity.Of(current.Category));
        if (running && (severity < 0 || (severity == 0 && plannedEnd <= current.Until)))
        {
            return null;
        }

        return Replace(current, active, planned, finding.Category, caseId, running);
    }

    /// <summary>The person became a case: their running measures end as <c>converted-to-case</c>.</summary>
    public static ManagementChange? BecomeCase(PersonManagement current, IReadOnlyList<Assignment> active, string caseId, DateTimeOffset reportedAt)
    {
        if (current.Category == ManagementCategory.Case)
        {
            return null;
        }

        return new ManagementChange(
            new PersonManagement(current.PersonId, ManagementCategory.Case, reportedAt, null, caseId),
            [],
            [.. active.Select(a => new AssignmentStatusChange(a.AssignmentId, AssignmentStatuses.ConvertedToCase))],
            []);
    }

    /// <summary>The measures the policy prescribes for a category, counted from the last exposure.</summary>
    public static ImmutableArray<Assignment> Plan(string personId, string caseId, string category, DateTimeOffset lastExposure, TracingPolicy policy)
    {
        var periods = new List<(string Kind, DateTimeOffset Start, DateTimeOffset End)>();
        switch (category)
        {
            case ManagementCategory.CloseContact:
                var centralizedEnd = lastExposure.AddDays(policy.CloseContactCentralizedDays);
                periods.Add((AssignmentKinds.CentralizedIsolation, lastExposure, centralizedEnd));
                periods.Add((policy.CloseContactFollowUpKind, centralizedEnd, centralizedEnd.AddDays(policy.CloseContactFollowUpDays)));
                break;
            case ManagementCategory.SecondaryContact or ManagementCategory.HomeIsolation:
                periods.Add((AssignmentKinds.HomeIsolation, lastExposure, lastExposure.AddDays(policy.SecondaryContactHomeIsolationDays)));
                break;
            case ManagementCategory.VenueExposed when policy.VenueExposedTestDays.Length > 0:
                periods.Add((AssignmentKinds.Testing, lastExposure, lastExposure.AddDays(policy.VenueExposedTestDays.Max())));
                break;
        }

        return [.. periods
            .Where(p => p.End > p.Start)
            .Select(p => new Assignment(AssignmentIds.For(personId, caseId, p.Kind, p.Start, p.End), personId, caseId, p.Kind, null, p.Start, p.End, AssignmentLifecycle.InitialStatus(p.Kind)))];
    }

    private static ManagementChange Replace(
        PersonManagement current, IReadOnlyList<Assignment> active, ImmutableArray<Assignment> planned, string category, string caseId, bool running)
    {
        var added = planned.ToBuilder();
        if (running && current.Until is { } until && until > added[^1].End)
        {
            // Never shorten: the last measure runs at least as long as the one it replaces.
            added[^1] = Rebuild(added[^1], added[^1].Start, until, added[^1].HotelId, added[^1].Status);
        }

        if (running)
        {
            // Only the measure the person is in now continues (the same assignment: its id, start, hotel and
            // status); what follows it starts when it ends, and after an expired measure everything starts afresh at
            // the new exposure.
            added[0] = ContinueFrom(added[0], active);
        }

        var management = new PersonManagement(
            current.PersonId,
            category,
            running && current.Since is { } since && since < added[0].Start ? since : added[0].Start,
            added[^1].End,
            caseId);
        // A measure planned again exactly as it runs is not replaced: it neither ends nor starts anew; one that
        // continues with a longer period is extended in place.
        var continuing = added.Select(a => a.AssignmentId).ToHashSet(StringComparer.Ordinal);
        var extended = added
            .Select(a => (Next: a, Previous: active.FirstOrDefault(r => r.AssignmentId == a.AssignmentId)))
            .Where(p => p.Previous is not null && (p.Previous.Start, p.Previous.End) != (p.Next.Start, p.Next.End))
            .Select(p => new AssignmentExtension(p.Next.AssignmentId, p.Next.Start, p.Next.End, AssignmentExtension.LaterExposure));
        return new ManagementChange(management, [.. added.Where(a => !active.Any(r => r.AssignmentId == a.AssignmentId))],
            [.. active.Where(a => !continuing.Contains(a.AssignmentId)).Select(a => new AssignmentStatusChange(a.AssignmentId, AssignmentStatuses.Superseded))],
            [.. extended]);
    }

    // A measure of the same kind the person is in continues as that very assignment — a hotel sees its guest stay
    // longer, not leave and arrive — with the earlier start and the new end.
    private static Assignment ContinueFrom(Assignment next, IReadOnlyList<Assignment> active)
    {
        var previous = active.Where(a => a.Kind == next.Kind).OrderBy(a => a.Start).FirstOrDefault();
        return previous is null ? next : previous with { Start = previous.Start < next.Start ? previous.Start : next.Start, End = next.End };
    }

    private static Assignment Rebuild(Assignment a, DateTimeOffset start, DateTimeOffset end, string? hotelId, string status) =>
        a with { AssignmentId = AssignmentIds.For(a.PersonId, a.CaseId, a.Kind, start, end), Start = start, End = end, HotelId = hotelId, Status = status };

    /// <summary>
    /// Times as storage keeps them (PostgreSQL: microseconds), so that a plan made from a time read back from the
    /// database equals the plan made from the original, and a re-run finds nothing to change.
    /// </summary>
    public static DateTimeOffset ToMicroseconds(DateTimeOffset time) => new(time.Ticks - (time.Ticks % 10), time.Offset);
}
