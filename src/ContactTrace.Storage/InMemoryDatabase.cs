using ContactTrace.Cases;

namespace ContactTrace.Storage;

/// <summary>
/// The embedded default's tables of cases, contacts, evidence, watches, managements, assignments and hotel feeds, in
/// this process only, under one lock (<see cref="Gate"/>): the in-memory twin of PostgreSQL's. The stores over it —
/// <see cref="InMemoryCaseStore"/>, <see cref="InMemoryTraceResults"/>, <see cref="InMemoryManagementStore"/>,
/// <see cref="InMemoryPlacementStore"/>, <see cref="InMemoryHotelFeedStore"/>, <see cref="InMemoryReportStore"/>,
/// <see cref="InMemoryTracingQueries"/> and <see cref="InMemoryTraceRequests"/> — each answer one job from it, with
/// the same rules (<see cref="ManagementRules"/>, <see cref="ContactMerge"/>, <see cref="AssignmentLifecycle"/>)
/// and the same idempotency as their PostgreSQL twins; the changes several of them make are written here once.
/// </summary>
public sealed class InMemoryDatabase(InMemoryRegistryStore registry)
{
    internal Lock Gate { get; } = new();

    internal InMemoryRegistryStore Registry => registry;

    internal Dictionary<string, CaseRecord> Cases { get; } = new(StringComparer.Ordinal);

    internal Dictionary<(string CaseId, string PersonId), StoredContact> Contacts { get; } = [];

    internal Dictionary<string, SortedSet<string>> ContactsByCase { get; } = new(StringComparer.Ordinal);

    internal Dictionary<string, HashSet<string>> ContactsByPerson { get; } = new(StringComparer.Ordinal);

    internal Dictionary<string, List<string>> CasesByPerson { get; } = new(StringComparer.Ordinal);

    internal Dictionary<string, PersonManagement> Managements { get; } = new(StringComparer.Ordinal);

    /// <summary>Every version of every management, as <c>management_history</c>: bulletins count them as recorded then.</summary>
    internal List<ManagementVersion> ManagementHistory { get; } = [];

    internal Dictionary<string, ManagementVersion> CurrentManagementVersions { get; } = new(StringComparer.Ordinal);

    internal Dictionary<string, AssignmentRecord> Assignments { get; } = new(StringComparer.Ordinal);

    internal Dictionary<string, List<string>> AssignmentsByPerson { get; } = new(StringComparer.Ordinal);

    internal Dictionary<string, HashSet<TraceWatch>> Watches { get; } = new(StringComparer.Ordinal);

    internal Dictionary<(string CaseId, string PersonId), DateTimeOffset> IdentifiedAt { get; } = [];

    internal Dictionary<string, List<FeedItem>> Feeds { get; } = new(StringComparer.Ordinal);

    internal Dictionary<string, HotelWebhook> Webhooks { get; } = new(StringComparer.Ordinal);

    /// <summary>Raised after a case is saved (other cases' clusters may have merged into it); the twin of the cases table's NOTIFY.</summary>
    internal event Action? CasesChanged;

    /// <summary>Raised (under <see cref="Gate"/>) when a hotel's feed grows; the in-process twin of PostgreSQL's NOTIFY.</summary>
    public event Action<string>? FeedAppended;

    internal void OnCasesChanged() => CasesChanged?.Invoke();

    /// <summary>Every case as stored now.</summary>
    internal IReadOnlyList<CaseRecord> SnapshotCases()
    {
        lock (Gate)
        {
            return [.. Cases.Values];
        }
    }

    // The same rule as the contacts table's (ContactMerge); evidence accumulates by what it is about, like its rows.
    internal void StoreContact(string caseId, ContactFinding finding, DateTimeOffset now)
    {
        var key = (caseId, finding.PersonId);
        var stored = Contacts.GetValueOrDefault(key);
        if (ContactMerge.Merge(stored?.Finding, finding) is not { } merged)
        {
            return;
        }

        if (stored is null)
        {
            Contacts[key] = stored = new StoredContact(merged with { Exposures = [] });
            IdentifiedAt.TryAdd(key, now);
            IndexOf(ContactsByCase, caseId, () => new SortedSet<string>(StringComparer.Ordinal)).Add(finding.PersonId);
            IndexOf(ContactsByPerson, finding.PersonId, () => new HashSet<string>(StringComparer.Ordinal)).Add(caseId);
        }

        if (stored.Finding.Category != merged.Category)
        {
            stored.Evidence.Clear(); // raised to a more severe category: only its evidence stays, as the trace keeps it
        }

        stored.Finding = merged with { Exposures = [] };
        foreach (var exposure in finding.Exposures)
        {
            stored.Evidence.RemoveAll(e => e.Identity == exposure.Identity);
            stored.Evidence.Add(exposure);
        }
    }

    /// <summary>
    /// Applies a management rule to a person with their running assignments; true when it changed their management.
    /// The assignments it ends or extends move by <see cref="AssignmentLifecycle"/>; a replacement keeps its
    /// predecessor's place in the queue for a room.
    /// </summary>
    internal bool Apply(string personId, Func<PersonManagement, IReadOnlyList<Assignment>, ManagementChange?> rule)
    {
        var current = Managements.GetValueOrDefault(personId) ?? PersonManagement.None(personId);
        var active = AssignmentsOf(personId).Where(a => AssignmentLifecycle.IsActive(a.Status)).ToList();
        if (rule(current, active) is not { } change)
        {
            return false;
        }

        Managements[personId] = change.Management;
        var now = DateTimeOffset.UtcNow;
        RecordVersion(change.Management, now);
        foreach (var ended in change.Ended)
        {
            Commit(AssignmentLifecycle.End(Assignments[ended.AssignmentId], ended.Status, now));
        }

        foreach (var extended in change.Extended)
        {
            Commit(AssignmentLifecycle.Extend(Assignments[extended.AssignmentId], extended.Start, extended.End, extended.Reason, now));
        }

        foreach (var added in change.Added.Where(a => !Assignments.ContainsKey(a.AssignmentId)))
        {
            var predecessors = change.Ended.Select(e => Assignments[e.AssignmentId]).Where(e => e.Assignment.Kind == added.Kind).Select(e => e.QueuedAt).ToList();
            var record = AssignmentLifecycle.Create(added, now, predecessors.Count > 0 ? predecessors.Min() : null);
            Assignments.Add(added.AssignmentId, record);
            IndexOf(AssignmentsByPerson, added.PersonId, () => []).Add(added.AssignmentId);
        }

        return true;
    }

    // The same rule as ManagementRows': a running management only lengthened is extended in its open version.
    private void RecordVersion(PersonManagement management, DateTimeOffset now)
    {
        if (CurrentManagementVersions.TryGetValue(management.PersonId, out var replaced))
        {
            var before = replaced.Management;
            if (before.Category == management.Category && before.Since == management.Since && before.Until > now)
            {
                replaced.Management = management;
                return;
            }

            replaced.RecordedTo = now;
        }

        var version = new ManagementVersion(management, now);
        ManagementHistory.Add(version);
        CurrentManagementVersions[management.PersonId] = version;
    }

    /// <summary>A change the lifecycle made; at a hotel it is the next item of the hotel's feed.</summary>
    internal void Commit(AssignmentTransition? transition)
    {
        if (transition is null)
        {
            return;
        }

        var a = transition.After.Assignment;
        Assignments[a.AssignmentId] = transition.After;
        if (transition.FeedHotelId is not { } hotelId)
        {
            return;
        }

        var feed = IndexOf(Feeds, hotelId, () => []);
        feed.Add(new FeedItem(feed.Count + 1, a.AssignmentId, a.PersonId, a.CaseId, a.Kind, a.Status, a.Start, a.End, DateTimeOffset.UtcNow, transition.Reason));
        FeedAppended?.Invoke(hotelId);
    }

    internal int Occupied(string hotelId) => Assignments.Values.Count(r => r.Assignment.HotelId == hotelId && r.TakesRoom);

    internal IEnumerable<AssignmentRecord> RecordsOf(string personId) =>
        (AssignmentsByPerson.GetValueOrDefault(personId) ?? [])
            .Select(id => Assignments[id])
            .OrderBy(r => r.Assignment.Start).ThenBy(r => r.Assignment.AssignmentId, StringComparer.Ordinal);

    internal IEnumerable<Assignment> AssignmentsOf(string personId) => RecordsOf(personId).Select(r => r.Assignment);

    /// <summary>The cases of a person that were not withdrawn: a false positive is no case.</summary>
    internal IEnumerable<string> StandingCasesOf(string personId) =>
        (CasesByPerson.GetValueOrDefault(personId) ?? []).Where(id => Cases[id].Withdrawal is null);

    /// <summary>The earliest case of the person other than this one: a contact who became a case.</summary>
    internal string? BecameCase(string personId, string caseId) =>
        StandingCasesOf(personId)
            .Where(id => id != caseId)
            .OrderBy(id => Cases[id].ReportedAt).ThenBy(id => id, StringComparer.Ordinal)
            .FirstOrDefault();

    internal static TValue IndexOf<TKey, TValue>(Dictionary<TKey, TValue> index, TKey key, Func<TValue> create)
        where TKey : notnull
    {
        if (!index.TryGetValue(key, out var value))
        {
            index[key] = value = create();
        }

        return value;
    }

    /// <summary>A contact row and its evidence rows.</summary>
    internal sealed class StoredContact(ContactFinding finding)
    {
        public ContactFinding Finding { get; set; } = finding;

        /// <summary>For a close contact, the window over which their own contacts were sought.</summary>
        public ContactWindow? Sought { get; set; }

        public List<Exposure> Evidence { get; } = [];

        public ContactFinding WithEvidence() =>
            Finding with { Exposures = [.. Evidence.OrderBy(e => e.From).ThenBy(e => e.Identity, StringComparer.Ordinal)] };
    }
}

/// <summary>A management as it was recorded from one moment until the next change replaced it (null: still current).</summary>
internal sealed class ManagementVersion(PersonManagement management, DateTimeOffset recordedFrom)
{
    public PersonManagement Management { get; set; } = management;

    public DateTimeOffset RecordedFrom { get; } = recordedFrom;

    public DateTimeOffset? RecordedTo { get; set; }

    /// <summary>Whether, as recorded at <paramref name="moment"/>, the person was under this management then.</summary>
    public bool UnderManagementAt(DateTimeOffset moment) =>
        RecordedFrom <= moment && (RecordedTo is null || RecordedTo > moment)
        && Management.Since <= moment && Management.Until > moment;
}
