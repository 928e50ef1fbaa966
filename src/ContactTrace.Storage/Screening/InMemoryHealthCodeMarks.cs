namespace ContactTrace.Storage.Screening;

/// <summary>The embedded default's <c>health_code_marks</c>: persons whose code is to be re-evaluated, and a wake-up for whoever does it.</summary>
public sealed class InMemoryHealthCodeMarks
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _marked = new(StringComparer.Ordinal);

    /// <summary>Raised after persons were marked: the twin of the <c>contacttrace_screening</c> NOTIFY.</summary>
    public event Action? Marked;

    public void Mark(IEnumerable<string> personIds)
    {
        bool any;
        lock (_gate)
        {
            var before = _marked.Count;
            _marked.UnionWith(personIds);
            any = _marked.Count > before;
        }

        if (any)
        {
            Signal();
        }
    }

    public void Signal() => Marked?.Invoke();

    public List<string> Take(int limit)
    {
        lock (_gate)
        {
            var taken = _marked.Take(limit).ToList();
            _marked.ExceptWith(taken);
            return taken;
        }
    }
}
