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
            IReadOnlyList<ContactItem> page = [.. _contacts
                .Where(c => c.Key.CaseId == caseId && (tier is null || c.Value.Tier == tier) && (category is null || c.Value.Category == category))
                .Where(c => afterPersonId is null || string.CompareOrdinal(c.Key.PersonId, afterPersonId) > 0)
                .OrderBy(c => c.Key.PersonId, StringComparer.Ordinal)
                .Take(limit)
                .Select(c => new ContactItem(c.Value, PostgresTraceStore.CurrentAssignment([.. AssignmentsOf(c.Key.PersonId)], caseId)))];
            return Task.FromResult(page);
        }
    }

    public Task<IReadOnlyList<PersonExposure>> GetPersonExposuresAsync(string personId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<PersonExposure> found = [.. _contacts
                .Where(c => c.Key.PersonId == personId && _cases.ContainsKey(c.Key.CaseId))
                .Select(c => (Case: _cases[c.Key.CaseId], Finding: c.Value))
                .OrderBy(c => c.Case.ReportedAt)
                .Select(c => new PersonExposure(c.Case.Report.CaseId, c.Case.Report.PersonId, c.Finding.Tier, c.Finding.Category, c.Finding.Exposures))];
            return Task.FromResult(found);
        }
    }

    public Task<IReadOnlySet<string>> FindWatchingCasesAsync(IReadOnlyList<Scan> scans, TimeSpan longestStay, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlySet<string> cases = _watches
                .Where(w => w.Value.Any(watch => scans.Any(scan => Watches(watch, scan, longestStay))))
                .Select(w => w.Key)
                .ToHashSet(StringComparer.Ordinal);
            return Task.FromResult(cases);
        }
    }

    private static bool Watches(TraceWatch watch, Scan scan, TimeSpan longestStay)
    {
        var id = watch.Kind == TraceWatch.VenueKind ? scan.VenueId : scan.PersonId;
        var to = scan.LeftAt ?? scan.ScannedAt + longestStay;
        return watch.Id == id && watch.To > scan.ScannedAt && watch.From < to;
    }

    private IEnumerable<Assignment> AssignmentsOf(string personId) =>
        _assignments.Values.Where(a => a.PersonId == personId).OrderBy(a => a.Start).ThenBy(a => a.AssignmentId, StringComparer.Ordinal);
}
