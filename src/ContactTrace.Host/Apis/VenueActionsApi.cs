using System.Security.Claims;
using ContactTrace.Host.Auth;

namespace ContactTrace.Host.Apis;

public static class VenueActionsApi
{
    private const int DefaultPage = 50;
    private const int MaxPage = 500;

    public static RouteGroupBuilder MapVenueActionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/venues").WithTags("Venue actions");

        api.MapGet("/{venueId}/actions", ListVenueActions)
            .WithName("ListVenueActions")
            .WithSummary("The disinfection and closure tasks (终末消毒和封闭管理) raised by the cases that visited the venue, newest first, with status")
            .RequireAuthorization(Policies.Tracer);
        api.MapPost("/{venueId}/actions/{caseId}/close", CloseVenue)
            .WithName("CloseVenue").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Record that the venue was disinfected and closed for this case's visit: when, and by whom")
            .RequireAuthorization(Policies.Tracer);
        api.MapPost("/{venueId}/actions/{caseId}/reopen", ReopenVenue)
            .WithName("ReopenVenue").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Record that the closed venue reopened").RequireAuthorization(Policies.Tracer);

        return api;
    }

    public static async Task<Results<Ok<Page<VenueActionView>>, ValidationProblem>> ListVenueActions(
        string venueId, string? after, int? limit, IVenueActionStore actions, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors().RequireId("venueId", venueId);
        var cursor = errors.Cursor(after);
        var size = errors.Limit(limit, DefaultPage, MaxPage);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var page = await actions.ListAsync(venueId, cursor, size, cancellationToken);
        return TypedResults.Ok(new Page<VenueActionView>([.. page.Select(VenueActionView.Of)],
            page.Count == size ? new Queries.ListKey(page[^1].RaisedAt, page[^1].CaseId).ToString() : null));
    }

    public static Task<Results<Ok<VenueActionView>, ProblemHttpResult, ValidationProblem>> CloseVenue(
        string venueId, string caseId, VenueActionInput? body, ClaimsPrincipal user, IVenueActionStore actions,
        [FromKeyedServices(Clock.Key)] TimeProvider time, CancellationToken cancellationToken) =>
        ChangeAsync(venueId, caseId, body, user, actions, time, VenueActionRules.Close, cancellationToken);

    public static Task<Results<Ok<VenueActionView>, ProblemHttpResult, ValidationProblem>> ReopenVenue(
        string venueId, string caseId, VenueActionInput? body, ClaimsPrincipal user, IVenueActionStore actions,
        [FromKeyedServices(Clock.Key)] TimeProvider time, CancellationToken cancellationToken) =>
        ChangeAsync(venueId, caseId, body, user, actions, time, VenueActionRules.Reopen, cancellationToken);

    private static async Task<Results<Ok<VenueActionView>, ProblemHttpResult, ValidationProblem>> ChangeAsync(
        string venueId, string caseId, VenueActionInput? body, ClaimsPrincipal user, IVenueActionStore actions, TimeProvider time,
        Func<VenueAction, DateTimeOffset, string, (LifecycleOutcome, VenueAction)> rule, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var errors = new FieldErrors().RequireId("venueId", venueId).RequireId("caseId", caseId).OptionalText("by", body?.By, 100);
        var at = now;
        if (body?.At is { } text && !(IsoTime.TryParse(text, out at) && at <= now + FieldErrors.FutureTolerance))
        {
            errors.Add("at", "must be an ISO-8601 timestamp with offset, not in the future");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var by = body?.By is { } team ? $"{team} ({user.KeyId()})" : user.KeyId();
        var (outcome, action) = await actions.ChangeAsync(venueId, caseId, current => rule(current, at.ToUniversalTime(), by), cancellationToken);
        return outcome switch
        {
            LifecycleOutcome.NotFound => TypedResults.Problem(Problems.NotFound("caseId", $"Case '{caseId}' raised no task at venue '{venueId}'.")),
            LifecycleOutcome.InvalidState => TypedResults.Problem(Problems.Conflict("status", $"The task is {action!.Status}; only a closed venue reopens, not before it closed.")),
            _ => TypedResults.Ok(VenueActionView.Of(action!)),
        };
    }
}
