namespace ContactTrace.Screening;

/// <summary>The disinfection and closure tasks, one per (venue, case), raised idempotently as cases are traced.</summary>
public interface IVenueActionStore
{
    /// <summary>Raises (or widens) the action of each venue the case visited.</summary>
    Task RaiseAsync(string caseId, IReadOnlyList<VisitedVenue> visits, DateTimeOffset raisedAt, CancellationToken cancellationToken = default);

    /// <summary>A page of the venue's actions, newest raised first, after <paramref name="after"/>.</summary>
    Task<IReadOnlyList<VenueAction>> ListAsync(string venueId, Queries.ListKey? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>Applies <paramref name="change"/> to the venue's action for the case under its row lock; <c>NotFound</c> when there is none.</summary>
    Task<(LifecycleOutcome Outcome, VenueAction? Action)> ChangeAsync(
        string venueId, string caseId, Func<VenueAction, (LifecycleOutcome, VenueAction)> change, CancellationToken cancellationToken = default);
}
