namespace ContactTrace.Grains.Venues;

/// <summary>
/// The sources of one venue query, in seconds, arranged so that each visit is matched against all of them in
/// O(log n) without ever enumerating the pairs: a crowded venue where thousands of sources each overlap thousands
/// of visits costs a few binary searches per visit, not a pair per source and visit.
/// </summary>
/// <remarks>
/// A visit <c>[s, e]</c> and a source <c>[f, t]</c> overlap by at least <c>m</c> when both last at least <c>m</c>,
/// <c>f ≤ e − m</c> and <c>t ≥ s + m</c>. With the sources sorted by <c>f</c>, those with <c>f ≤ e − m</c> are a prefix
/// of length <c>p</c>; every source with <c>t &lt; s + m</c> lies inside that prefix (its <c>f ≤ t − m &lt; s ≤ e − m</c>),
/// so the count is <c>p</c> minus the sources ending before <c>s + m</c>. The first overlapping source is the first
/// one in the prefix whose end reaches <c>s + m</c>: where the running maximum of ends first reaches it.
/// </remarks>
internal sealed class SourceIntervals
{
    private readonly int[] _starts;
    private readonly int[] _numbers;
    private readonly int[] _runningMaxEnds;
    private readonly int[] _sortedEnds;
    private readonly int _minOverlap;

    public SourceIntervals(IEnumerable<(int Number, int Start, int End)> sources, int minOverlapSeconds)
    {
        _minOverlap = Math.Max(minOverlapSeconds, 1); // an exposure needs some overlap, however small the minimum
        var kept = sources
            .Where(s => s.End - s.Start >= _minOverlap)
            .OrderBy(s => s.Start).ThenBy(s => s.Number)
            .ToArray();
        _starts = [.. kept.Select(s => s.Start)];
        _numbers = [.. kept.Select(s => s.Number)];
        _sortedEnds = [.. kept.Select(s => s.End).Order()];
        _runningMaxEnds = new int[kept.Length];
        var max = int.MinValue;
        for (var i = 0; i < kept.Length; i++)
        {
            _runningMaxEnds[i] = max = Math.Max(max, kept[i].End);
        }
    }

    public bool IsEmpty => _starts.Length == 0;

    /// <summary>The merged ranges of visit starts that can overlap a source, given the longest visit: each visit index is scanned once.</summary>
    public IEnumerable<(int From, int To)> VisitStartRanges(int longestVisit)
    {
        var ends = _starts.Select((start, i) => (From: start - longestVisit, To: _runningMaxEnds[i])).ToArray();
        var current = (From: 0, To: 0);
        var open = false;
        foreach (var range in ends)
        {
            // Sorted by start; the running maximum makes each range's end cover every earlier source.
            if (open && range.From <= current.To)
            {
                current.To = Math.Max(current.To, range.To);
                continue;
            }

            if (open)
            {
                yield return current;
            }

            current = range;
            open = true;
        }

        if (open)
        {
            yield return current;
        }
    }

    /// <summary>Matches the visit <c>[start, end]</c> against every source.</summary>
    public bool TryMatch(int start, int end, out SourceMatch match)
    {
        match = default;
        if (end - start < _minOverlap)
        {
            return false;
        }

        var candidates = UpperBound(_starts, end - _minOverlap);
        if (candidates == 0)
        {
            return false;
        }

        var reach = start + _minOverlap;
        var first = LowerBound(_runningMaxEnds, reach);
        if (first >= candidates)
        {
            return false;
        }

        var count = candidates - LowerBound(_sortedEnds, reach);
        match = new SourceMatch(_numbers[first], count, Math.Max(start, _starts[first]), Math.Min(end, _runningMaxEnds[candidates - 1]));
        return true;
    }

    private static int LowerBound(int[] values, int value)
    {
        int low = 0, high = values.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (values[mid] < value)
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

    private static int UpperBound(int[] values, int value) => value == int.MaxValue ? values.Length : LowerBound(values, value + 1);
}

/// <summary>How one visit met the sources: the first it overlapped, how many, and the span of the overlaps.</summary>
internal readonly record struct SourceMatch(int FirstSource, int Count, int OverlapFrom, int OverlapTo);
