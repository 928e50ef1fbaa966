using ContactTrace.Registry;

namespace ContactTrace.Screening;

/// <summary>
/// DESIGN.md's health-code rules as pure code. Red: a case; a close contact until the centralized period ends; a
/// resident of an active high-risk zone. Yellow: a secondary contact, home isolation or home monitoring; venue-exposed
/// until a negative test for every test day is in; a key-population person whose daily test is overdue; an arrival
/// without a recent negative test. Green otherwise. Besides the code, the verdict says when the same facts next give
/// another one (a period ends, a test falls due), so that a durable timer can change it on time.
/// </summary>
public static class HealthCodeRules
{
    public static HealthVerdict Evaluate(HealthFacts facts, TracingPolicy policy, DateTimeOffset now)
    {
        var reasons = new List<HealthReason>();
        var checks = new List<DateTimeOffset>();
        FromManagement(facts, policy, now, reasons, checks);
        if (facts.Zone is { } zone)
        {
            reasons.Add(new HealthReason(HealthCodes.HighRiskZoneRule, zone.Since, null));
        }

        FromKeyPopulationTests(facts.Tests, policy, now, reasons, checks);
        FromArrivalTests(facts.Tests, policy, now, reasons, checks);

        var ordered = reasons.OrderByDescending(r => HealthCodes.Rank(ColourOf(r.Rule))).ThenBy(r => r.Since).ThenBy(r => r.Rule, StringComparer.Ordinal).ToImmutableArray();
        var code = ordered.Length == 0 ? HealthCodes.Green : ColourOf(ordered[0].Rule);
        var next = checks.Where(c => c > now).DefaultIfEmpty().Min();
        return new HealthVerdict(code, ordered, next == default ? null : next);
    }

    /// <summary>
    /// What a re-evaluation does to a person's stored code (<c>null</c>: never stored, i.e. green): the code after it —
    /// a new colour is in force since the moment the person's timer fell due, or now; the same colour keeps its
    /// start — whether that is a change for the feed, and whether the stored row must be written (a change, or
    /// only a new timer). A green person without a timer is never stored.
    /// </summary>
    public static HealthCodeStep Step(string personId, StoredHealthCode? stored, HealthVerdict verdict, DateTimeOffset now)
    {
        var current = stored?.Code ?? HealthCode.Green(personId);
        var effectiveAt = stored?.NextCheckAt is { } due && due <= now ? due : now;
        var after = new HealthCode(personId, verdict.Code, verdict.Reasons, verdict.Code == current.Code ? current.Since ?? effectiveAt : effectiveAt);
        var changed = !after.SameAs(current);
        var write = stored is null
            ? changed || verdict.NextCheckAt is not null
            : changed || after.Since != current.Since || verdict.NextCheckAt != stored.NextCheckAt;
        return new HealthCodeStep(after, verdict.NextCheckAt, changed, write);
    }

    public static string ColourOf(string rule) => rule switch
    {
        HealthCodes.CaseRule or HealthCodes.CloseContactRule or HealthCodes.HighRiskZoneRule => HealthCodes.Red,
        _ => HealthCodes.Yellow,
    };

    private static void FromManagement(HealthFacts facts, TracingPolicy policy, DateTimeOffset now, List<HealthReason> reasons, List<DateTimeOffset> checks)
    {
        var management = facts.Management;
        var since = management.Since ?? now;
        switch (management.Category)
        {
            case ManagementCategory.Case:
                reasons.Add(new HealthReason(HealthCodes.CaseRule, since, null));
                break;
            case ManagementCategory.CloseContact when management.Until is { } until && until > now:
                var centralizedEnd = CentralizedEnd(facts.Assignments, management) ?? since;
                if (now < centralizedEnd)
                {
                    reasons.Add(new HealthReason(HealthCodes.CloseContactRule, since, centralizedEnd));
                    checks.Add(centralizedEnd);
                }
                else
                {
                    reasons.Add(new HealthReason(FollowUpRule(facts.Assignments, centralizedEnd, policy), centralizedEnd, until));
                    checks.Add(until);
                }

                break;
            case ManagementCategory.SecondaryContact or ManagementCategory.HomeIsolation when management.Until is { } until && until > now:
                var rule = management.Category == ManagementCategory.SecondaryContact ? HealthCodes.SecondaryContactRule : HealthCodes.HomeIsolationRule;
                reasons.Add(new HealthReason(rule, since, until));
                checks.Add(until);
                break;
            case ManagementCategory.VenueExposed when management.Until is { } until:
                FromVenueExposure(facts.Tests, since, until, policy, now, reasons, checks);
                break;
        }
    }

    // The centralized isolation of this management: its assignments that were not replaced, up to the last one's end.
    private static DateTimeOffset? CentralizedEnd(IReadOnlyList<Assignment> assignments, PersonManagement management) =>
        assignments
            .Where(a => a.Kind == AssignmentKinds.CentralizedIsolation && a.Status != AssignmentStatuses.Superseded)
            .Where(a => a.End > (management.Since ?? DateTimeOffset.MinValue) && a.Start < (management.Until ?? DateTimeOffset.MaxValue))
            .Select(a => (DateTimeOffset?)a.End)
            .Max();

    private static string FollowUpRule(IReadOnlyList<Assignment> assignments, DateTimeOffset centralizedEnd, TracingPolicy policy)
    {
        var kind = assignments.Where(a => a.Start >= centralizedEnd && a.Status != AssignmentStatuses.Superseded)
            .Select(a => a.Kind).FirstOrDefault(k => k is AssignmentKinds.HomeIsolation or AssignmentKinds.HomeMonitoring) ?? policy.CloseContactFollowUpKind;
        return kind == AssignmentKinds.HomeIsolation ? HealthCodes.HomeIsolationRule : HealthCodes.HomeMonitoringRule;
    }

    // Tested on each test day, day d beginning (d - 1) × 24 h after the last exposure; each day needs its own
    // negative result, sampled on that day or later. A person who never tests stays yellow, at most for the
    // policy's VenueExposedCodeDays after the last exposure.
    private static void FromVenueExposure(
        IReadOnlyList<TestSample> tests, DateTimeOffset since, DateTimeOffset until, TracingPolicy policy, DateTimeOffset now,
        List<HealthReason> reasons, List<DateTimeOffset> checks)
    {
        if (policy.VenueExposedTestDays.Length == 0)
        {
            return;
        }

        var lastExposure = until.AddDays(-policy.VenueExposedTestDays.Max());
        var lapse = lastExposure.AddDays(policy.VenueExposedCodeDays);
        if (now >= lapse || AllTestDaysNegative(tests, lastExposure, policy.VenueExposedTestDays))
        {
            return;
        }

        reasons.Add(new HealthReason(HealthCodes.VenueExposedRule, since, null));
        checks.Add(lapse);
    }

    private static bool AllTestDaysNegative(IReadOnlyList<TestSample> tests, DateTimeOffset lastExposure, ImmutableArray<int> testDays)
    {
        var negatives = tests.Where(t => !t.Positive && t.SampledAt >= lastExposure).Select(t => t.SampledAt).Order().ToList();
        var next = 0;
        foreach (var day in testDays.Order())
        {
            var dayStarts = lastExposure.AddDays(day - 1);
            while (next < negatives.Count && negatives[next] < dayStarts)
            {
                next++;
            }

            if (next == negatives.Count)
            {
                return false;
            }

            next++;
        }

        return true;
    }

    // A person tested as key population is one for KeyPopulationLapseDays after that test; meanwhile their last
    // negative result (from any context) must be at most KeyPopulationTestHours old.
    private static void FromKeyPopulationTests(IReadOnlyList<TestSample> tests, TracingPolicy policy, DateTimeOffset now, List<HealthReason> reasons, List<DateTimeOffset> checks)
    {
        if (LastSampled(tests, t => SamplingContexts.IsKeyPopulation(t.Context)) is not { } lastKeyTest)
        {
            return;
        }

        FreshNegativeRequired(tests, HealthCodes.KeyPopulationOverdueRule, lastKeyTest, lastKeyTest.AddDays(policy.KeyPopulationLapseDays),
            TimeSpan.FromHours(policy.KeyPopulationTestHours), now, reasons, checks);
    }

    // An arrival (sampled at arrival testing) must hold a negative result at most ArrivalTestHours old — the one
    // taken at arrival, or one taken before it — for ArrivalMonitoringDays after arriving.
    private static void FromArrivalTests(IReadOnlyList<TestSample> tests, TracingPolicy policy, DateTimeOffset now, List<HealthReason> reasons, List<DateTimeOffset> checks)
    {
        if (LastSampled(tests, t => t.Context == SamplingContexts.Arrival) is not { } arrival)
        {
            return;
        }

        FreshNegativeRequired(tests, HealthCodes.ArrivalOverdueRule, arrival, arrival.AddDays(policy.ArrivalMonitoringDays),
            TimeSpan.FromHours(policy.ArrivalTestHours), now, reasons, checks);
    }

    private static void FreshNegativeRequired(
        IReadOnlyList<TestSample> tests, string rule, DateTimeOffset from, DateTimeOffset lapse, TimeSpan freshFor, DateTimeOffset now,
        List<HealthReason> reasons, List<DateTimeOffset> checks)
    {
        if (now >= lapse)
        {
            return;
        }

        var overdueAt = LastSampled(tests, t => !t.Positive) is { } negative && negative + freshFor > from ? negative + freshFor : from;
        if (now >= overdueAt)
        {
            reasons.Add(new HealthReason(rule, overdueAt, lapse));
            checks.Add(lapse);
        }
        else
        {
            checks.Add(overdueAt);
        }
    }

    private static DateTimeOffset? LastSampled(IReadOnlyList<TestSample> tests, Func<TestSample, bool> which) =>
        tests.Where(which).Select(t => (DateTimeOffset?)t.SampledAt).Max();
}
