using ContactTrace.Queries;
using ContactTrace.Screening;

namespace ContactTrace.Storage.Screening;

/// <summary>The embedded default's venue actions: the same rules (<see cref="VenueActionRules"/>) as <see cref="PostgresVenueActionStore"/>, under one lock.</summary>
public sealed class InMemoryVenueActionStore : IVenueActionStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string VenueId, string CaseId), VenueAction> _actions = [];

    public Task RaiseAsync(string caseId, IReadOnlyList<VisitedVenue> visits, DateTimeOffset raisedAt, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            foreach (var visit in visits)
            {
                _actions[(visit.VenueId, caseId)] = VenueActionRules.Raise(_actions.GetValueOrDefault((visit.VenueId, caseId)), caseId, visit, raisedAt);
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<VenueAction>> ListAsync(string venueId, ListKey? after, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<VenueAction> page = [.. _actions.Values
                .Where(a => a.VenueId == venueId)
                .OrderByDescending(a => a.RaisedAt).ThenByDescending(a => a.CaseId, StringComparer.Ordinal)
                .Where(a => after is not { } key || a.RaisedAt < key.At || (a.RaisedAt == key.At && string.CompareOrdinal(a.CaseId, key.Id) < 0))
                .Take(limit)];
            return Task.FromResult(page);
        }
    }

    public Task<(LifecycleOutcome Outcome, VenueAction? Action)> ChangeAsync(
        string venueId, string caseId, Func<VenueAction, (LifecycleOutcome, VenueAction)> change, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_actions.TryGetValue((venueId, caseId), out var current))
            {
                return Task.FromResult<(LifecycleOutcome, VenueAction?)>((LifecycleOutcome.NotFound, null));
            }

            var (outcome, next) = change(current);
            if (outcome == LifecycleOutcome.Done)
            {
                _actions[(venueId, caseId)] = next;
            }

            return Task.FromResult<(LifecycleOutcome, VenueAction?)>((outcome, next));
        }
    }
}
