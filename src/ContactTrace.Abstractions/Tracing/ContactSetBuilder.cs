using ContactTrace.Registry;

namespace ContactTrace.Tracing;

/// <summary>
/// Gathers the exposures a trace finds and reduces them to one finding per person: the most severe category
/// wins (close contact, then secondary contact, then venue-exposed), its tier goes with it, and persons who are
/// cases are never contacts.
/// </summary>
/// <remarks>
/// Memory is bounded whatever the crowd: a person keeps at most <see cref="MaxEvidence"/> evidence items (the
/// earliest, and always the latest, which decides the period), and once the whole trace holds
/// <paramref name="evidenceBudget"/> items every further person keeps only their first and latest. The finding and
/// its first and last exposure and evidence count are never lost, only the items between.
/// </remarks>
public sealed class ContactSetBuilder(int evidenceBudget = ContactSetBuilder.DefaultEvidenceBudget)
{
    /// <summary>Evidence items kept per person; the rest are counted.</summary>
    public const int MaxEvidence = 20;

    /// <summary>Evidence items one trace holds in memory before it keeps only the first and latest per person.</summary>
    public const int DefaultEvidenceBudget = 500_000;

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _firstDirectExposure = new(StringComparer.Ordinal);
    private int _kept;

    public int Count => _entries.Count;

    /// <summary>True once the trace's evidence budget is spent and persons keep only their first and latest item.</summary>
    public bool Summarising => _kept >= evidenceBudget;

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
            _kept -= entry.Reset(tier, category);
        }
        else if (Severity.Of(category) < Severity.Of(entry.Category))
        {
            return;
        }

        _kept += entry.Add(exposure, Summarising ? 1 : MaxEvidence);
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

    /// <summary>Every finding, by person, except the <paramref name="excluded"/>; <paramref name="tier"/> keeps one tier's only.</summary>
    public ImmutableArray<ContactFinding> Build(IReadOnlySet<string>? excluded = null, int? tier = null) =>
        [.. _entries
            .Where(e => (excluded is null || !excluded.Contains(e.Key)) && (tier is null || e.Value.Tier == tier))
            .Select(e => e.Value.ToFinding(e.Key))
            .OrderBy(f => f.PersonId, StringComparer.Ordinal)];

    private sealed class Entry(int tier, string category)
    {
        private readonly List<Exposure> _kept = [];
        private Exposure? _latest;
        private int _count;

        public int Tier { get; private set; } = tier;

        public string Category { get; private set; } = category;

        public DateTimeOffset First { get; private set; } = DateTimeOffset.MaxValue;

        public DateTimeOffset Last { get; private set; } = DateTimeOffset.MinValue;

        /// <summary>Forgets the lower category's evidence; returns how many kept items went.</summary>
        public int Reset(int tier, string category)
        {
            var dropped = _kept.Count;
            Tier = tier;
            Category = category;
            First = DateTimeOffset.MaxValue;
            Last = DateTimeOffset.MinValue;
            _kept.Clear();
            _latest = null;
            _count = 0;
            return dropped;
        }

        /// <summary>Counts the exposure and keeps it while fewer than <paramref name="keep"/> are kept; returns how many items were added to the kept ones.</summary>
        public int Add(Exposure exposure, int keep)
        {
            if (_kept.Contains(exposure) || exposure == _latest)
            {
                return 0;
            }

            _count++;
            First = exposure.From < First ? exposure.From : First;
            if (exposure.Until > Last || (exposure.Until == Last && string.CompareOrdinal(exposure.Identity, _latest!.Identity) < 0))
            {
                Last = exposure.Until;
                _latest = exposure;
            }

            if (_kept.Count < keep)
            {
                _kept.Add(exposure);
                return 1;
            }

            // Full: keep the earliest, whatever order the venues answered in, so a re-run keeps the same items.
            var latestKept = 0;
            for (var i = 1; i < _kept.Count; i++)
            {
                if (Earlier(_kept[latestKept], _kept[i]))
                {
                    latestKept = i;
                }
            }

            if (Earlier(exposure, _kept[latestKept]))
            {
                _kept[latestKept] = exposure;
            }

            return 0;
        }

        private static bool Earlier(Exposure a, Exposure b) =>
            a.From != b.From ? a.From < b.From : string.CompareOrdinal(a.Identity, b.Identity) < 0;

        public ContactFinding ToFinding(string personId)
        {
            var evidence = _latest is null || _kept.Contains(_latest) ? _kept : [.. _kept, _latest];
            return new(personId, Tier, Category, First, Last, [.. evidence
                .OrderBy(e => e.From)
                .ThenBy(e => e.Kind, StringComparer.Ordinal)
                .ThenBy(e => e.VenueId, StringComparer.Ordinal)
                .ThenBy(e => e.ViaPersonId, StringComparer.Ordinal)
                .ThenBy(e => e.Until)], _count);
        }
    }
}
