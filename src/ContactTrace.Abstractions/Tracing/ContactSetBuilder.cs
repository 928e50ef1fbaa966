using ContactTrace.Registry;

namespace ContactTrace.Tracing;

/// <summary>
/// Gathers the exposures a trace finds and reduces them to one finding per person: the most severe category
/// wins (close contact, then secondary contact, then venue-exposed), its tier goes with it, and persons who are
/// cases are never contacts.
/// </summary>
public sealed class ContactSetBuilder
{
    /// <summary>Evidence reported per person (the earliest); a tier-2 person on a busy bus could otherwise carry thousands.</summary>
    public const int MaxEvidence = 50;

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _firstDirectExposure = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    public void Add(string personId, int tier, string category, Exposure exposure)
    {
        if (tier == 1 && (!_firstDirectExposure.TryGetValue(personId, out var first) || exposure.From < first))
        {
            _firstDirectExposure[personId] = exposure.From;
        }

        if (!_entries.TryGetValue(personId, out var entry))
        {
            _entries[personId] = entry = new Entry(tier, category);
        }
        else if (Severity.Of(category) > Severity.Of(entry.Category))
        {
            entry.Reset(tier, category);
        }
        else if (Severity.Of(category) < Severity.Of(entry.Category))
        {
            return;
        }

        entry.Add(exposure);
    }

    /// <summary>
    /// When the person was first exposed to the case by any tier-1 evidence (an open-class venue included): a
    /// close contact's own contacts are sought from then.
    /// </summary>
    public DateTimeOffset FirstDirectExposure(string personId) => _firstDirectExposure[personId];

    public bool IsCloseContact(string personId) =>
        _entries.TryGetValue(personId, out var entry) && entry.Category == ManagementCategory.CloseContact;

    /// <summary>Everyone reached so far.</summary>
    public IEnumerable<string> PersonIds => _entries.Keys;

    /// <summary>The close contacts so far, built without building everyone else's finding.</summary>
    public IReadOnlyList<ContactFinding> CloseContacts() => WithCategory(ManagementCategory.CloseContact);

    /// <summary>The findings whose most severe category so far is <paramref name="category"/>, by person.</summary>
    public IReadOnlyList<ContactFinding> WithCategory(string category) =>
        [.. _entries.Where(e => e.Value.Category == category).OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Value.ToFinding(e.Key))];

    public ImmutableArray<ContactFinding> Build(IReadOnlySet<string>? excluded = null) =>
        [.. _entries
            .Where(e => excluded is null || !excluded.Contains(e.Key))
            .Select(e => e.Value.ToFinding(e.Key))
            .OrderBy(f => f.PersonId, StringComparer.Ordinal)];

    private sealed class Entry(int tier, string category)
    {
        private readonly HashSet<Exposure> _evidence = [];

        public int Tier { get; private set; } = tier;

        public string Category { get; private set; } = category;

        public DateTimeOffset First { get; private set; } = DateTimeOffset.MaxValue;

        public DateTimeOffset Last { get; private set; } = DateTimeOffset.MinValue;

        public void Reset(int tier, string category)
        {
            Tier = tier;
            Category = category;
            First = DateTimeOffset.MaxValue;
            Last = DateTimeOffset.MinValue;
            _evidence.Clear();
        }

        public void Add(Exposure exposure)
        {
            First = exposure.From < First ? exposure.From : First;
            Last = exposure.Until > Last ? exposure.Until : Last;
            _evidence.Add(exposure);
        }

        public ContactFinding ToFinding(string personId) =>
            new(personId, Tier, Category, First, Last, [.. _evidence
                .OrderBy(e => e.From)
                .ThenBy(e => e.Kind, StringComparer.Ordinal)
                .ThenBy(e => e.VenueId, StringComparer.Ordinal)
                .ThenBy(e => e.ViaPersonId, StringComparer.Ordinal)
                .ThenBy(e => e.Until)
                .Take(MaxEvidence)]);
    }
}
