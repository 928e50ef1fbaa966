namespace ContactTrace.Tracing;

/// <summary>
/// How what a trace phase found for a person merges into the contact a case already holds: the category only ever
/// rises (a more severe finding replaces the row); within one category the exposure period only widens and the
/// evidence count only grows. A contact is never removed, so a case's list and counts never silently shrink.
/// </summary>
public static class ContactMerge
{
    /// <summary>The contact to store, or <c>null</c> when <paramref name="found"/> changes nothing.</summary>
    public static ContactFinding? Merge(ContactFinding? existing, ContactFinding found)
    {
        // As storage keeps times (microseconds), so that a finding read back compares equal to the one written.
        found = found with { FirstExposure = ManagementRules.ToMicroseconds(found.FirstExposure), LastExposure = ManagementRules.ToMicroseconds(found.LastExposure) };
        if (existing is null)
        {
            return found;
        }

        var severity = Severity.Of(found.Category).CompareTo(Severity.Of(existing.Category));
        if (severity > 0)
        {
            return found;
        }

        if (severity < 0)
        {
            return null;
        }

        var first = found.FirstExposure < existing.FirstExposure ? found.FirstExposure : existing.FirstExposure;
        var last = found.LastExposure > existing.LastExposure ? found.LastExposure : existing.LastExposure;
        var count = Math.Max(found.TotalEvidence, existing.TotalEvidence);
        if (first == existing.FirstExposure && last == existing.LastExposure && count == existing.TotalEvidence)
        {
            return null;
        }

        return found with { Tier = existing.Tier, FirstExposure = first, LastExposure = last, EvidenceCount = count };
    }
}
