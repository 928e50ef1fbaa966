using ContactTrace.Cases;
using ContactTrace.Reports;
using ContactTrace.Tracing;

namespace ContactTrace.Storage;

/// <summary>The embedded default's read models over <see cref="InMemoryDatabase"/>: the same figures and pages as <see cref="PostgresReportStore"/>.</summary>
public sealed class InMemoryReportStore(InMemoryDatabase db) : IReportStore
{
    public Task<BulletinFigures> GetBulletinFiguresAsync(DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken = default)
    {
        lock (db.Gate)
        {
            // A case withdrawn before the period's end does not count in it; one withdrawn later did, and still does.
            bool Standing(CaseRecord c) => c.Withdrawal is null || c.Withdrawal.At >= end;
            var reported = db.Cases.Values.Where(c => c.ReportedAt >= start && c.ReportedAt < end && Standing(c)).ToList();
            int Identified(string category) => db.Contacts
                .Where(c => c.Value.Finding.Category == category && db.IdentifiedAt[c.Key] >= start && db.IdentifiedAt[c.Key] < end && (!db.Cases.TryGetValue(c.Key.CaseId, out var source) || Standing(source)))
                .Select(c => c.Key.PersonId).Distinct().Count();
            int Cumulative(string category) => db.Contacts
                .Where(c => c.Value.Finding.Category == category && db.IdentifiedAt[c.Key] < end && (!db.Cases.TryGetValue(c.Key.CaseId, out var source) || Standing(source)))
                .Select(c => c.Key.PersonId).Distinct().Count();
            Dictionary<(string, string), int> PerClass(Func<CaseRecord, string> key) =>
                reported.GroupBy(c => (c.Report.Classification, key(c))).ToDictionary(g => g.Key, g => g.Count());
            int Managed(string category) => db.ManagementHistory.Count(v => v.Management.Category == category && v.UnderManagementAt(end));
            return Task.FromResult(new BulletinFigures(start, end,
                reported.Count(c => c.Report.Classification == Classifications.Confirmed),
                reported.Count(c => c.Report.Classification == Classifications.Asymptomatic),
                db.Cases.Values.Count(c => c.ConvertedAt >= start && c.ConvertedAt < end && Standing(c)),
                BulletinOrder.Channels(reported.GroupBy(c => c.DiscoveryChannel).ToDictionary(g => g.Key, g => g.Count())),
                BulletinOrder.Districts(reported.GroupBy(c => c.District).ToDictionary(g => g.Key, g => g.Count())),
                Identified(ManagementCategory.CloseContact),
                Identified(ManagementCategory.SecondaryContact),
                Managed(ManagementCategory.CloseContact),
                Managed(ManagementCategory.SecondaryContact),
                db.Assignments.Values.Count(r => r.Assignment.Kind == AssignmentKinds.CentralizedIsolation && r.PlacedAt is { } placed
                    && placed < end && r.Assignment.Start <= end && r.Assignment.End > end && r.RunningAt(end)),
                db.Assignments.Values.Count(r => r.Assignment.Kind == AssignmentKinds.HomeIsolation
                    && r.CreatedAt < end && r.Assignment.Start <= end && r.Assignment.End > end && r.RunningAt(end)),
                db.Assignments.Values.Count(r => r.Assignment.Kind == AssignmentKinds.CentralizedIsolation
                    && r.CreatedAt < end && (r.PlacedAt is null || r.PlacedAt >= end) && r.RunningAt(end)))
            {
                ByClassification = BulletinOrder.Classes(PerClass(c => c.DiscoveryChannel), PerClass(c => c.District)),
                CumulativeCloseIdentified = Cumulative(ManagementCategory.CloseContact),
                CumulativeSecondaryIdentified = Cumulative(ManagementCategory.SecondaryContact),
            });
        }
    }

    public Task<ClusterPage> GetClusterAsync(string clusterId, string? afterCaseId, int limit, bool includeContacts, CancellationToken cancellationToken = default)
    {
        lock (db.Gate)
        {
            var members = db.Cases.Values.Where(c => c.ClusterId == clusterId).OrderBy(c => c.Report.CaseId, StringComparer.Ordinal).ToList();
            var memberIds = members.Select(c => c.Report.CaseId).ToHashSet(StringComparer.Ordinal);
            var page = members.Where(c => afterCaseId is null || string.CompareOrdinal(c.Report.CaseId, afterCaseId) > 0).Take(limit).ToList();
            var edges = page.SelectMany(c => c.Sources.Select(source => Edge(source, c))).ToList();
            var pageIds = page.Select(c => c.Report.CaseId).ToHashSet(StringComparer.Ordinal);
            var contacts = includeContacts
                ? db.Contacts.Where(c => pageIds.Contains(c.Key.CaseId) && !db.StandingCasesOf(c.Key.PersonId).Any()).OrderBy(c => c.Key.CaseId, StringComparer.Ordinal).ThenBy(c => c.Key.PersonId, StringComparer.Ordinal)
                    .Take(5000).Select(c => new ClusterContact(c.Key.CaseId, c.Key.PersonId, c.Value.Finding.Tier, c.Value.Finding.Category)).ToList()
                : [];
            var contactCount = db.Contacts.Keys.Where(k => memberIds.Contains(k.CaseId) && !db.StandingCasesOf(k.PersonId).Any()).Select(k => k.PersonId).Distinct().Count();
            return Task.FromResult(new ClusterPage(clusterId, members.Count, contactCount,
                [.. page.Select(c => new ClusterCase(c.Report.CaseId, c.Report.PersonId, c.Classification, c.District, c.ReportedAt))],
                [.. edges], [.. contacts], page.Count == limit ? page[^1].Report.CaseId : null));
        }
    }

    private ClusterEdge Edge(string source, CaseRecord target) =>
        ClusterEdge.Linking(source, target.Report.CaseId, db.Contacts.GetValueOrDefault((source, target.Report.PersonId))?.Evidence ?? []);
}
