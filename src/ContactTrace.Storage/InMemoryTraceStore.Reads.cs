using ContactTrace.Scans;
using ContactTrace.Tracing;

namespace ContactTrace.Storage;

public sealed partial class InMemoryTraceStore
{
    public Task<PersonManagement> GetManagementAsync(string personId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_managements.GetValueOrDefault(personId) ?? PersonManagement.None(personId));
        }
    }

    public Task<IReadOnlyList<Assignment>> GetAssignmentsAsync(string personId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<Assignment> found = [.. AssignmentsOf(personId)];
            return Task.FromResult(found);
        }
    }

    public Task<IReadOnlyList<ContactItem>> GetContactsAsync(
        string caseId, int? tier, string? category, string? afterPersonId, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var persons = _contactsByCase.GetValueOrDefault(caseId) ?? [];
            IReadOnlyList<ContactItem> page = [.. persons
                .Where(p => afterPersonId is null || string.CompareOrdinal(p, afterPersonId) > 0)
                .Select(p => _contacts[(caseId, p)])
                .Where(c => (tier is null || c.Finding.Tier == tier) && (category is null || c.Finding.Category == category))
                .Take(limit)
                .Select(c => new ContactItem(c.WithEvidence(), PostgresTraceStore.CurrentAssignment([.. AssignmentsOf(c.Finding.PersonId)], caseId),
                    BecameCase(c.Finding.PersonId, caseId)))];
            return Task.FromResult(page);
        }
    }

    public Task<IReadOnlyList<PersonExposure>> GetPersonExposuresAsync(string personId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<PersonExposure> found = [.. (_contactsByPerson.GetValueOrDefault(personId) ?? [])
                .Where(_cases.ContainsKey)
                .Select(caseId => (Case: _cases[caseId], Contact: _contacts[(caseId, personId)]))
                .OrderBy(c => c.Case.ReportedAt).ThenBy(c => c.Case.Report.CaseId, StringComparer.Ordinal)
                .Select(c => new PersonExposure(c.Case.Report.CaseId, c.Case.Report.PersonId, c.Contact.Finding.Tier, c.Contact.Finding.Category,
                    c.Contact.WithEvidence().Exposures))];
            return Task.FromResult(found);
        }
    }

    /// <summary>The cases watching a window that one of <paramref name="scans"/> falls in (the in-memory twin of the watch join).</summary>
    internal IReadOnlySet<string> FindWatchingCases(IReadOnlyList<Scan> scans, TimeSpan longestStay)
    {
        lock (_gate)
        {
            return _watches
                .Where(w => w.Value.Any(watch => scans.Any(scan => Watches(watch, scan, longestStay))))
                .Select(w => w.Key)
                .ToHashSet(StringComparer.Ordinal);
        }
    }

    private static bool Watches(TraceWatch watch, Scan scan, TimeSpan longestStay)
    {
        var id = watch.Kind == TraceWatch.VenueKind ? scan.VenueId : scan.PersonId;
        var to = scan.LeftAt ?? scan.ScannedAt + longestStay;
        return watch.Id == id && watch.To > scan.ScannedAt && watch.From < to;
    }

    // The earliest case of the person other than this one: a contact who became a case.
    private string? BecameCase(string personId, string caseId) =>
        StandingCasesOf(personId)
            .Where(id => id != caseId)
            .OrderBy(id => _cases[id].ReportedAt).ThenBy(id => id, StringComparer.Ordinal)
            .FirstOrDefault();

    /// <summary>The cases of a person that were not withdrawn: a false positive is no case.</summary>
    private IEnumerable<string> StandingCasesOf(string personId) =>
        (_casesByPerson.GetValueOrDefault(personId) ?? []).Where(id => _cases[id].Withdrawal is null);

    private IEnumerable<Assignment> AssignmentsOf(string personId) =>
        (_assignmentsByPerson.GetValueOrDefault(personId) ?? [])
            .Select(id => _assignments[id])
            .OrderBy(a => a.Start).ThenBy(a => a.AssignmentId, StringComparer.Ordinal);
}
