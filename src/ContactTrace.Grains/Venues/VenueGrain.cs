using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ContactTrace.Grains.Venues;

/// <summary>
/// A venue: its profile, and its recent visits as a time-sorted in-memory index, rebuilt from the scan store on
/// activation and appended to on ingest. It answers "who was here during these windows" in one call; it returns
/// data and never calls persons or cases back.
/// </summary>
public sealed class VenueGrain(
    [PersistentState("venue", StorageNames.Grains)] IPersistentState<VenueState> state,
    IRegistryStore registry,
    IScanStore scans,
    PersonDirectory persons,
    TracingPolicy policy,
    IOptions<ScanOptions> scanOptions,
    [FromKeyedServices(Clock.Key)] TimeProvider time) : Grain, IVenueGrain
{
    private readonly VisitIndex _index = new();
    private long _reportedBytes;
    private int _reportedVisits;

    private DateTimeOffset Horizon => time.GetUtcNow().AddDays(-scanOptions.Value.VenueIndexHorizonDays);

    private TimeSpan Dwell => policy.DwellFor(state.State.Profile?.Class ?? VenueClass.Open);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Visits age out of the in-memory horizon; trim hourly so memory stays bounded by it.
        this.RegisterGrainTimer(TrimAsync, TimeSpan.FromHours(1), TimeSpan.FromHours(1));
        if (state.State.Profile is null && await registry.GetVenueAsync(this.GetPrimaryKeyString(), cancellationToken) is { } bulkLoaded)
        {
            // Venues may be bulk-loaded into the registry rows; take the profile from there.
            state.State = state.State with { Profile = bulkLoaded };
        }

        if (state.State.Profile is not null)
        {
            await LoadRecentVisitsAsync(cancellationToken);
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        VenueIndexMetrics.Change(-_reportedBytes, -_reportedVisits);
        _reportedBytes = 0;
        _reportedVisits = 0;
        return Task.CompletedTask;
    }

    public async Task SetProfileAsync(VenueProfile profile)
    {
        if (state.State.Profile == profile)
        {
            return;
        }

        var kindChanged = state.State.Profile?.Kind != profile.Kind;
        await registry.UpsertVenueAsync(this.GetPrimaryKeyString(), profile);
        state.State = state.State with { Profile = profile };
        await state.WriteStateAsync();
        if (kindChanged)
        {
            // The dwell of scans without leftAt depends on the kind: rebuild the intervals.
            _index.Clear();
            await LoadRecentVisitsAsync(CancellationToken.None);
        }
    }

    public Task<VenueProfile?> GetProfileAsync() => Task.FromResult(state.State.Profile);

    public Task AppendVisitsAsync(ImmutableArray<Visit> visits)
    {
        var horizon = VisitIndex.ToSeconds(Horizon);
        foreach (var visit in visits)
        {
            AddToIndex(visit, horizon);
        }

        ReportSize();
        return Task.CompletedTask;
    }

    private async Task LoadRecentVisitsAsync(CancellationToken cancellationToken)
    {
        var from = Horizon;
        var visits = await scans.ReadVenueVisitsAsync(this.GetPrimaryKeyString(), from, DateTimeOffset.MaxValue, cancellationToken);
        var horizon = VisitIndex.ToSeconds(from);
        foreach (var visit in visits)
        {
            AddToIndex(visit, horizon);
        }

        ReportSize();
    }

    private void AddToIndex(Visit visit, int horizon)
    {
        var start = VisitIndex.ToSeconds(visit.ScannedAt);
        if (start < horizon)
        {
            return;
        }

        var end = VisitIndex.ToSeconds(Presence.End(visit.ScannedAt, visit.LeftAt, Dwell));
        _index.Add(persons.Intern(visit.PersonId), start, end);
    }

    private void ReportSize()
    {
        var bytes = _index.AllocatedBytes;
        var visits = _index.Count;
        VenueIndexMetrics.Change(bytes - _reportedBytes, visits - _reportedVisits);
        _reportedBytes = bytes;
        _reportedVisits = visits;
    }

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
