using ContactTrace.Cases;

namespace ContactTrace.Storage.Screening;

/// <summary>
/// The embedded default's twin of the triggers on the cases table: hears that cases changed and, when asked, says
/// which ones since it was last asked (a stored case record is replaced, never changed in place), with the record
/// each replaced. The embedded default is for trying the system out: comparing every case is cheap there.
/// </summary>
internal sealed class InMemoryCaseWatch
{
    private readonly InMemoryDatabase _db;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, CaseRecord> _seen = new(StringComparer.Ordinal);
    private bool _changed = true;

    public InMemoryCaseWatch(InMemoryDatabase db, Action changed)
    {
        _db = db;
        db.CasesChanged += () =>
        {
            lock (_gate)
            {
                _changed = true;
            }

            changed();
        };
    }

    public IReadOnlyList<(CaseRecord? Before, CaseRecord After)> TakeChanges()
    {
        lock (_gate)
        {
            if (!_changed)
            {
                return [];
            }

            _changed = false;
            var changes = new List<(CaseRecord?, CaseRecord)>();
            foreach (var record in _db.SnapshotCases())
            {
                var before = _seen.GetValueOrDefault(record.Report.CaseId);
                if (!ReferenceEquals(before, record))
                {
                    changes.Add((before, record));
                    _seen[record.Report.CaseId] = record;
                }
            }

            return changes;
        }
    }
}
