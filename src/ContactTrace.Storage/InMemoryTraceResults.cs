using ContactTrace.Cases;

namespace ContactTrace.Storage;

/// <summary>The embedded default's twin of <see cref="PostgresTraceResults"/>, over <see cref="InMemoryDatabase"/>.</summary>
public sealed class InMemoryTraceResults(InMemoryDatabase db) : ITraceResults
{
    public Task AddWatchesAsync(string caseId, IReadOnlyCollection<TraceWatch> watches, CancellationToken cancellationToken = default)
    {
        lock (db.Gate)
        {
            var existing = InMemoryDatabase.IndexOf(db.Watches, caseId, () => []);

            // A close contact's window replaces the one before: it closes when they are isolated.
            var contacts = watches.Where(w => w.Kind == TraceWatch.ContactKind).Select(w => w.Id).ToHashSet(StringComparer.Ordinal);
            existing.RemoveWhere(w => w.Kind == TraceWatch.ContactKind && contacts.Contains(w.Id));
            existing.UnionWith(watches);
        }

        return Task.CompletedTask;
    }

    public Task WriteTraceAsync(TraceResult result, TracingPolicy policy, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (db.Gate)
        {
            if (db.Cases.GetValueOrDefault(result.CaseId)?.Withdrawal is not null)
            {
                return Task.CompletedTask; // a false positive writes nothing more
            }

            foreach (var finding in result.Findings)
            {
                db.StoreContact(result.CaseId, finding, now);
            }

            foreach (var window in result.Windows)
            {
                if (db.Contacts.TryGetValue((result.CaseId, window.PersonId), out var contact))
                {
                    contact.Sought = window;
                }
            }

            foreach (var finding in result.Managed)
            {
                db.Apply(finding.PersonId, (current, active) => ManagementRules.Apply(current, active, finding, result.CaseId, policy, now));
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ContactItem>> FindContactsAsync(string caseId, IReadOnlyCollection<string> personIds, CancellationToken cancellationToken = default)
    {
        lock (db.Gate)
        {
            IReadOnlyList<ContactItem> found = [.. personIds.Distinct(StringComparer.Ordinal)
                .Where(p => db.Contacts.ContainsKey((caseId, p)))
                .Select(p => db.Contacts[(caseId, p)])
                .Select(c => new ContactItem(c.Finding, null, null, c.Sought))];
            return Task.FromResult(found);
        }
    }

    public Task<CasePersons> FindCasePersonsAsync(string caseId, IReadOnlyCollection<string> personIds, CancellationToken cancellationToken = default)
    {
        lock (db.Gate)
        {
            var cases = personIds.Where(p => db.StandingCasesOf(p).Any(id => id != caseId)).ToList();
            var became = cases.Where(p => db.Contacts.ContainsKey((caseId, p))).ToHashSet(StringComparer.Ordinal);
            return Task.FromResult(new CasePersons(cases.Where(p => !became.Contains(p)).ToHashSet(StringComparer.Ordinal), became));
        }
    }

    public Task<IReadOnlyList<Isolation>> FindIsolationsAsync(IReadOnlyCollection<string> personIds, CancellationToken cancellationToken = default)
    {
        lock (db.Gate)
        {
            var isolations = new List<Isolation>();
            foreach (var personId in personIds.Distinct(StringComparer.Ordinal))
            {
                foreach (var r in db.RecordsOf(personId))
                {
                    var a = r.Assignment;
                    if (a.Kind == AssignmentKinds.CentralizedIsolation && r.CheckedInAt is { } checkedIn)
                    {
                        isolations.Add(new Isolation(personId, checkedIn, r.CheckedOutAt ?? r.EndedAt, ContactWindow.CheckIn));
                    }
                    else if (a.Kind == AssignmentKinds.HomeIsolation && (r.EndedAt is null || r.EndedAt > a.Start))
                    {
                        isolations.Add(new Isolation(personId, a.Start, r.EndedAt is { } ended && ended < a.End ? ended : a.End, ContactWindow.HomeIsolation));
                    }
                }

                isolations.AddRange(db.StandingCasesOf(personId).Select(id => new Isolation(personId, db.Cases[id].ReportedAt, null, ContactWindow.BecameCase)));
            }

            return Task.FromResult<IReadOnlyList<Isolation>>(isolations);
        }
    }

    public Task<IReadOnlyList<(string CaseId, string ClusterId)>> FindSourcesAsync(string personId, CancellationToken cancellationToken = default)
    {
        lock (db.Gate)
        {
            IReadOnlyList<(string, string)> sources = [.. db.ContactsByPerson.GetValueOrDefault(personId, [])
                .Where(id => db.Cases.TryGetValue(id, out var source) && source.Withdrawal is null)
                .Order(StringComparer.Ordinal)
                .Select(caseId => (caseId, db.Cases[caseId].ClusterId))];
            return Task.FromResult(sources);
        }
    }

    public Task<TraceSummary> CountContactsAsync(string caseId, CancellationToken cancellationToken = default)
    {
        lock (db.Gate)
        {
            var contacts = (db.ContactsByCase.GetValueOrDefault(caseId) ?? []).Select(p => db.Contacts[(caseId, p)].Finding).ToList();
            int Count(string category) => contacts.Count(c => c.Category == category);
            return Task.FromResult(new TraceSummary(TraceStatus.Completed, Count(ManagementCategory.CloseContact), Count(ManagementCategory.SecondaryContact),
                Count(ManagementCategory.VenueExposed), null, Count(ManagementCategory.HomeIsolation),
                contacts.Count(c => db.BecameCase(c.PersonId, caseId) is not null)));
        }
    }

    public Task<int> PurgeBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        lock (db.Gate)
        {
            var purged = 0;
            foreach (var ((_, personId), contact) in db.Contacts)
            {
                if (!db.CasesByPerson.ContainsKey(personId))
                {
                    // Evidence linking a contact who became a case to the case before is permanent.
                    purged += contact.Evidence.RemoveAll(e => e.Until < cutoff);
                }
            }

            foreach (var watches in db.Watches.Values)
            {
                purged += watches.RemoveWhere(w => w.To < cutoff);
            }

            return Task.FromResult(purged);
        }
    }
}
