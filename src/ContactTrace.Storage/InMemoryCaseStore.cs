using ContactTrace.Cases;

namespace ContactTrace.Storage;

/// <summary>The embedded default's twin of <see cref="PostgresCaseStore"/>, over <see cref="InMemoryDatabase"/>.</summary>
public sealed class InMemoryCaseStore(InMemoryDatabase db) : ICaseStore
{
    public Task SaveCaseAsync(CaseRecord record, CancellationToken cancellationToken = default)
    {
        lock (db.Gate)
        {
            var merged = record.Sources.Where(db.Cases.ContainsKey).Select(s => db.Cases[s].ClusterId).ToHashSet(StringComparer.Ordinal);
            foreach (var (id, existing) in db.Cases.Where(c => merged.Contains(c.Value.ClusterId)).ToList())
            {
                db.Cases[id] = existing with { ClusterId = record.ClusterId };
            }

            if (db.Cases.TryAdd(record.Report.CaseId, record))
            {
                InMemoryDatabase.IndexOf(db.CasesByPerson, record.Report.PersonId, () => []).Add(record.Report.CaseId);
            }

            db.Cases[record.Report.CaseId] = record;
        }

        db.OnCasesChanged();
        return Task.CompletedTask;
    }

    public Task SaveTraceAsync(string caseId, TraceSummary trace, CancellationToken cancellationToken = default)
    {
        lock (db.Gate)
        {
            if (db.Cases.TryGetValue(caseId, out var record))
            {
                db.Cases[caseId] = record with { Trace = trace };
            }
        }

        db.OnCasesChanged();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> FindUnfinishedCasesAsync(int limit, CancellationToken cancellationToken = default)
    {
        lock (db.Gate)
        {
            IReadOnlyList<string> cases = [.. db.Cases.Values.Where(c => c.Trace.Status != TraceStatus.Completed && c.Withdrawal is null).OrderBy(c => c.ReportedAt).Take(limit).Select(c => c.Report.CaseId)];
            return Task.FromResult(cases);
        }
    }

    public Task<IReadOnlyList<string>> WithdrawAsync(string caseId, CaseWithdrawal withdrawal, CancellationToken cancellationToken = default)
    {
        lock (db.Gate)
        {
            if (!db.Cases.TryGetValue(caseId, out var record) || record.Withdrawal is not null)
            {
                return Task.FromResult<IReadOnlyList<string>>([]);
            }

            db.Cases[caseId] = record with { Withdrawal = withdrawal };
            var ended = new List<string>();
            foreach (var personId in (db.ContactsByCase.GetValueOrDefault(caseId) ?? []).Append(record.Report.PersonId).Distinct(StringComparer.Ordinal))
            {
                var reachedByAnother = (db.ContactsByPerson.GetValueOrDefault(personId) ?? [])
                    .Any(other => other != caseId && db.Cases.TryGetValue(other, out var c) && c.Withdrawal is null);
                if (db.Apply(personId, (current, active) => WithdrawalRules.Withdraw(current, active, caseId, reachedByAnother)))
                {
                    ended.Add(personId);
                }
            }

            db.OnCasesChanged();
            return Task.FromResult<IReadOnlyList<string>>([.. ended.Order(StringComparer.Ordinal)]);
        }
    }
}
