namespace ContactTrace.Grains.Venues;

/// <summary>
/// Interns person ids as dense integers for this silo, so that a venue index holds a 4-byte number per visit
/// instead of a string reference (no GC scanning, no per-visit string). It grows with the distinct persons seen
/// by this silo, at most the population.
/// </summary>
public sealed class PersonDirectory
{
    private readonly ConcurrentDictionary<string, int> _ordinals = new(StringComparer.Ordinal);
    private readonly List<string> _ids = [];
    private readonly Lock _gate = new();

    public int Count => _ids.Count;

    public int Intern(string personId)
    {
        if (_ordinals.TryGetValue(personId, out var ordinal))
        {
            return ordinal;
        }

        lock (_gate)
        {
            if (!_ordinals.TryGetValue(personId, out ordinal))
            {
                ordinal = _ids.Count;
                _ids.Add(personId);
                _ordinals[personId] = ordinal;
            }

            return ordinal;
        }
    }

    public string this[int ordinal]
    {
        get
        {
            lock (_gate)
            {
                return _ids[ordinal];
            }
        }
    }
}
