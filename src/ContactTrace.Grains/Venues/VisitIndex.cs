namespace ContactTrace.Grains.Venues;

/// <summary>
/// A venue's recent visits, sorted by start, as a flat array of 12-byte entries. Appends in time order are O(1);
/// a late scan marks the index unsorted and the next query sorts it once. A visit seen twice (same person,
/// same start) is kept once, so a replayed batch or an activation racing an append changes nothing.
/// </summary>
internal sealed class VisitIndex
{
    public static readonly DateTimeOffset Epoch = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private const int BytesPerVisit = 12;

    private IndexedVisit[] _visits = [];
    private int _count;
    private bool _sorted = true;
    private int _longestStay;

    public int Count => _count;

    public long AllocatedBytes => (long)_visits.Length * BytesPerVisit;

    public static int ToSeconds(DateTimeOffset time) => (int)Math.Clamp((time - Epoch).Ticks / TimeSpan.TicksPerSecond, int.MinValue, int.MaxValue);

    public static DateTimeOffset ToTime(int seconds) => Epoch.AddSeconds(seconds);

    public void Clear()
    {
        _visits = [];
        _count = 0;
        _sorted = true;
        _longestStay = 0;
    }

    public void Add(int person, int start, int end)
    {
        if (_count > 0)
        {
            var last = _visits[_count - 1];
            if (start < last.Start)
            {
                _sorted = false;
            }
            else if (start == last.Start && ContainsAtTail(person, start))
            {
                return;
            }
        }

        if (_count == _visits.Length)
        {
            Array.Resize(ref _visits, Math.Max(16, _visits.Length * 2));
        }

        _visits[_count++] = new IndexedVisit(person, start, end);
        _longestStay = Math.Max(_longestStay, end - start);
    }

    /// <summary>The longest interval of any visit held: a visit that started earlier than that before a moment has ended by then.</summary>
    public int LongestStay => _longestStay;

    /// <summary>Calls <paramref name="visit"/> for each visit that started in <c>[from, to)</c>, in start order.</summary>
    public void ForEachStartingIn(int from, int to, Action<IndexedVisit> visit)
    {
        EnsureSorted();
        for (var i = LowerBound(from); i < _count && _visits[i].Start < to; i++)
        {
            visit(_visits[i]);
        }
    }

    /// <summary>Drops visits that started before <paramref name="horizon"/>, keeping memory bounded by the horizon.</summary>
    public void TrimBefore(int horizon)
    {
        EnsureSorted();
        var keepFrom = LowerBound(horizon);
        if (keepFrom == 0)
        {
            return;
        }

        _count -= keepFrom;
        var capacity = Math.Max(16, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(_count, 1)));
        var kept = new IndexedVisit[capacity];
        Array.Copy(_visits, keepFrom, kept, 0, _count);
        _visits = kept;
    }

    private bool ContainsAtTail(int person, int start)
    {
        for (var i = _count - 1; i >= 0 && _visits[i].Start == start; i--)
        {
            if (_visits[i].Person == person)
            {
                return true;
            }
        }

        return false;
    }

    private void EnsureSorted()
    {
        if (_sorted)
        {
            return;
        }

        Array.Sort(_visits, 0, _count, VisitOrder.Instance);
        var write = 0;
        for (var read = 0; read < _count; read++)
        {
            if (write > 0 && _visits[read].Start == _visits[write - 1].Start && _visits[read].Person == _visits[write - 1].Person)
            {
                continue;
            }

            _visits[write++] = _visits[read];
        }

        _count = write;
        _sorted = true;
    }

    private int LowerBound(int start)
    {
        int low = 0, high = _count;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (_visits[mid].Start < start)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    private sealed class VisitOrder : IComparer<IndexedVisit>
    {
        public static readonly VisitOrder Instance = new();

        public int Compare(IndexedVisit x, IndexedVisit y) =>
            x.Start != y.Start ? x.Start.CompareTo(y.Start) : x.Person.CompareTo(y.Person);
    }
}
