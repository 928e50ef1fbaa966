namespace ContactTrace.Grains.Venues;

public sealed partial class VenueGrain
{
    public async Task<ImmutableArray<CoPresence>> FindExposedAsync(ImmutableArray<ExposureSource> sources)
    {
        var found = ImmutableArray.CreateBuilder<CoPresence>();
        var intervals = new SourceIntervals(
            sources.Select(s => (s.Number, VisitIndex.ToSeconds(s.Window.From), VisitIndex.ToSeconds(s.Window.To))), (int)policy.MinOverlap.TotalSeconds);
        if (intervals.IsEmpty)
        {
            return found.ToImmutable();
        }

        // One horizon, in whole seconds as the index keeps time: visits before it come from the store only, so a
        // visit not yet trimmed from memory is never returned twice.
        var horizonSeconds = VisitIndex.ToSeconds(Horizon);
        var owners = sources.Select(s => persons.Intern(s.PersonId)).ToHashSet();
        foreach (var (from, to) in intervals.VisitStartRanges(_index.LongestStay))
        {
            _index.ForEachStartingIn(Math.Max(from, horizonSeconds), to, visit =>
            {
                if (!owners.Contains(visit.Person) && intervals.TryMatch(visit.Start, visit.End, out var match))
                {
                    found.Add(ToCoPresence(persons[visit.Person], visit.Start, visit.End, match));
                }
            });
        }

        var earliest = sources.Min(s => s.Window.From) - MaxStay;
        if (earliest < VisitIndex.ToTime(horizonSeconds))
        {
            await AddOlderThanHorizonAsync(intervals, sources, earliest, VisitIndex.ToTime(horizonSeconds), found);
        }

        return found.ToImmutable();
    }

    private TimeSpan MaxStay => TimeSpan.FromHours(scanOptions.Value.MaxStayHours);

    // Visits that started before the in-memory horizon live only in PostgreSQL: read just that slice.
    private async Task AddOlderThanHorizonAsync(
        SourceIntervals intervals, ImmutableArray<ExposureSource> sources, DateTimeOffset earliest, DateTimeOffset horizon, ImmutableArray<CoPresence>.Builder found)
    {
        var owners = sources.Select(s => s.PersonId).ToHashSet(StringComparer.Ordinal);
        var older = await scans.ReadVenueVisitsAsync(this.GetPrimaryKeyString(), earliest, horizon, CancellationToken.None);
        foreach (var visit in older)
        {
            var start = VisitIndex.ToSeconds(visit.ScannedAt);
            var end = VisitIndex.ToSeconds(Presence.End(visit.ScannedAt, visit.LeftAt, Dwell));
            if (!owners.Contains(visit.PersonId) && intervals.TryMatch(start, end, out var match))
            {
                found.Add(ToCoPresence(visit.PersonId, start, end, match));
            }
        }
    }

    private static CoPresence ToCoPresence(string personId, int start, int end, SourceMatch match) =>
        new(personId, VisitIndex.ToTime(start), VisitIndex.ToTime(end), VisitIndex.ToTime(match.OverlapFrom), VisitIndex.ToTime(match.OverlapTo),
            match.FirstSource, match.Count);

    private Task TrimAsync(CancellationToken cancellationToken)
    {
        _index.TrimBefore(VisitIndex.ToSeconds(Horizon));
        ReportSize();
        return Task.CompletedTask;
    }
}
