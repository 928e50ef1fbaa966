using ContactTrace.Screening;

namespace ContactTrace.Storage.Screening;

/// <summary>The embedded default's zones: the same rules (<see cref="ZoneRules"/>) as <see cref="PostgresZoneStore"/>, under one lock.</summary>
public sealed class InMemoryZoneStore(InMemoryRegistryStore registry, InMemoryHealthCodeMarks marks) : IZoneStore
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, Zone> _zones = new(StringComparer.Ordinal);

    public Task<Zone> AddCaseAsync(string compoundId, string district, string caseId, DateTimeOffset reportedAt, int liftDays, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var open = OpenZoneOf(compoundId);
            var next = ZoneRules.AddCase(open, compoundId, district, caseId, reportedAt, liftDays);
            if (next is not null)
            {
                _zones[next.ZoneId] = next;
            }

            return Task.FromResult(next ?? open!);
        }
    }

    public Task<(ZoneDeclaration Outcome, Zone? Zone)> DeclareAsync(
        string zoneId, string compoundId, string district, DateTimeOffset now, int liftDays, CancellationToken cancellationToken = default)
    {
        (ZoneDeclaration Outcome, Zone? Zone) result;
        lock (_gate)
        {
            result = ZoneRules.Declare(_zones.GetValueOrDefault(zoneId), OpenZoneOf(compoundId), zoneId, compoundId, district, now, liftDays);
            if (result.Outcome is ZoneDeclaration.Declared or ZoneDeclaration.Confirmed)
            {
                _zones[zoneId] = result.Zone!;
            }
        }

        if (result.Outcome is ZoneDeclaration.Declared or ZoneDeclaration.Confirmed)
        {
            MarkResidents(compoundId);
        }

        return Task.FromResult(result);
    }

    public Task<Zone?> LiftAsync(string zoneId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        Zone? before;
        Zone? lifted;
        lock (_gate)
        {
            before = _zones.GetValueOrDefault(zoneId);
            lifted = before is null ? null : ZoneRules.Lift(before, at);
            if (lifted is not null)
            {
                _zones[zoneId] = lifted;
            }
        }

        if (before is { Status: ZoneStatuses.Active } && lifted is not null)
        {
            MarkResidents(before.CompoundId);
        }

        return Task.FromResult(lifted ?? before);
    }

    public Task<int> LiftDueAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        List<Zone> due;
        lock (_gate)
        {
            due = [.. _zones.Values.Where(z => ZoneRules.IsDue(z, now))];
            foreach (var zone in due)
            {
                _zones[zone.ZoneId] = ZoneRules.Lift(zone, zone.LiftAfter)!;
            }
        }

        foreach (var zone in due.Where(z => z.Status == ZoneStatuses.Active))
        {
            MarkResidents(zone.CompoundId);
        }

        return Task.FromResult(due.Count);
    }

    public Task<DateTimeOffset?> GetNextLiftAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_zones.Values.Where(z => z.IsOpen).Select(z => (DateTimeOffset?)z.LiftAfter).Min());
        }
    }

    public Task<Zone?> GetAsync(string zoneId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_zones.GetValueOrDefault(zoneId));
        }
    }

    public Task<IReadOnlyList<Zone>> ListAsync(string? status, string? afterZoneId, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<Zone> page = [.. _zones.Values
                .Where(z => (status is null || z.Status == status) && (afterZoneId is null || string.CompareOrdinal(z.ZoneId, afterZoneId) > 0))
                .Take(limit)];
            return Task.FromResult(page);
        }
    }

    /// <summary>The active zone of a compound, for the health codes.</summary>
    internal ZoneResidence? ActiveZoneOf(string? compoundId)
    {
        if (compoundId is null)
        {
            return null;
        }

        lock (_gate)
        {
            return OpenZoneOf(compoundId) is { Status: ZoneStatuses.Active } zone ? new ZoneResidence(zone.ZoneId, zone.Since!.Value) : null;
        }
    }

    private Zone? OpenZoneOf(string compoundId) => _zones.Values.FirstOrDefault(z => z.CompoundId == compoundId && z.IsOpen);

    private void MarkResidents(string compoundId) =>
        marks.Mark(registry.Persons.Where(p => p.Value.CompoundId == compoundId).Select(p => p.Key));
}
