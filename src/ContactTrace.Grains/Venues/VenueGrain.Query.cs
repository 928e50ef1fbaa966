namespace ContactTrace.Grains.Venues;

public sealed partial class VenueGrain
{
    public async Task<ImmutableArray<CoPresence>> FindCoPresentAsync(ImmutableArray<PresenceWindow> windows, string? excludePersonId)
    {
        var found = ImmutableArray.CreateBuilder<CoPresence>();
        var minOverlap = (int)policy.MinOverlap.TotalSeconds;
        // One horizon, in whole seconds as the index keeps time: visits before it come from the store only, so a
        // visit not yet trimmed from memory is never returned twice.
        var horizonSeconds = VisitIndex.ToSeconds(Horizon);
        var horizon = VisitIndex.ToTime(horizonSeconds);
        var exclude = excludePersonId is null ? -1 : persons.Intern(excludePersonId);

        for (var w = 0; w < windows.Length; w++)
        {
            var window = windows[w];
            var windowIndex = w;
            var from = VisitIndex.ToSeconds(window.From);
            var to = VisitIndex.ToSeconds(window.To);
            _index.ForEachOverlapping(from, to, minOverlap, (visit, overlapFrom, overlapTo) =>
            {
                if (visit.Person != exclude && visit.Start >= horizonSeconds)
                {
                    found.Add(new CoPresence(persons[visit.Person], VisitIndex.ToTime(visit.Start), VisitIndex.ToTime(visit.End),
                        VisitIndex.ToTime(overlapFrom), VisitIndex.ToTime(overlapTo), windowIndex));
                }
            });
        }

        if (windows.Any(w => w.From < horizon + MaxStay))
        {
            await AddOlderThanHorizonAsync(windows, horizon, excludePersonId, found);
        }

        return found.ToImmutable();
    }

    private TimeSpan MaxStay => TimeSpan.FromHours(scanOptions.Value.MaxStayHours);

    // Visits that started before the in-memory horizon live only in PostgreSQL: read just that slice.
    private async Task AddOlderThanHorizonAsync(
        ImmutableArray<PresenceWindow> windows, DateTimeOffset horizon, string? excludePersonId, ImmutableArray<CoPresence>.Builder found)
    {
        var earliest = windows.Min(w => w.From) - MaxStay;
        var older = await scans.ReadVenueVisitsAsync(this.GetPrimaryKeyString(), earliest, horizon, CancellationToken.None);
        foreach (var visit in older)
        {
            if (visit.PersonId == excludePersonId)
            {
                continue;
            }

            var end = Presence.End(visit.ScannedAt, visit.LeftAt, Dwell);
            for (var w = 0; w < windows.Length; w++)
            {
                var window = windows[w];
                var overlap = Presence.Overlap(window.From, window.To, visit.ScannedAt, end);
                if (overlap > TimeSpan.Zero && overlap >= policy.MinOverlap)
                {
                    var overlapFrom = window.From > visit.ScannedAt ? window.From : visit.ScannedAt;
                    found.Add(new CoPresence(visit.PersonId, visit.ScannedAt, end, overlapFrom, overlapFrom + overlap, w));
                }
            }
        }
    }

    private Task TrimAsync(CancellationToken cancellationToken)
    {
        _index.TrimBefore(VisitIndex.ToSeconds(Horizon));
        ReportSize();
        return Task.CompletedTask;
    }
}
