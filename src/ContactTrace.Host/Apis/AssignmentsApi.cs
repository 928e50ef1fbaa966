using System.Security.Claims;
using ContactTrace.Host.Auth;
using ContactTrace.Host.Cases;
using ContactTrace.Queries;

namespace ContactTrace.Host.Apis;

public static class AssignmentsApi
{
    private const int DefaultWaitingPage = 100;
    private const int MaxWaitingPage = 500;

    public static RouteGroupBuilder MapAssignmentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/assignments").WithTags("Assignments");

        api.MapGet("/", GetAssignments)
            .WithName("GetAssignments").WithSummary("A person's isolation assignments, or the city-wide waiting list (status=awaiting-capacity)").RequireAuthorization(Policies.Tracer);
        api.MapPost("/{assignmentId}/check-in", CheckIn)
            .WithName("CheckIn")
            .WithDescription("Without a body the guest arrived now. A check-in entered after the fact states the arrival, `{ \"at\": \"2026-12-07T14:05:00+08:00\" }`: the isolation — and so the window over which the guest's own contacts are sought — counts from it; it must not lie in the future nor before the isolation's start (400 naming `at`). Repeating a check-in is harmless and keeps the first arrival.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("The hotel received the person; repeating it is harmless").RequireAuthorization(Policies.Hotel);
        api.MapPost("/{assignmentId}/check-out", CheckOut)
            .WithName("CheckOut").WithDescription("Only a guest who checked in can be checked out: an assigned guest who never arrived is refused with 409 naming the state (assignmentStatus), and nothing changes. Without a body the guest left now; a check-out entered after the fact states the departure, `{ \"at\": \"…\" }`, which must not lie in the future nor before the check-in (400 naming `at`).")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("The person left the hotel, freeing the room; repeating it is harmless").RequireAuthorization(Policies.Hotel);

        return api;
    }

    public static async Task<Results<Ok<Page<AssignmentView>>, Ok<Page<WaitingAssignmentView>>, ValidationProblem>> GetAssignments(
        string? personId, string? status, string? district, string? after, int? limit, ClaimsPrincipal user,
        [AsParameters] CaseServices services, ITracingQueries queries)
    {
        if (status is not null || personId is null)
        {
            return await GetWaitingListAsync(personId, status, district, after, limit, user, services.Audit, queries);
        }

        var errors = new FieldErrors().RequireId("personId", personId);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        await services.Audit.RecordAsync(user, "GET /api/assignments", [personId!]);
        var assignments = await services.Managements.GetAssignmentsAsync(personId!);
        return TypedResults.Ok(new Page<AssignmentView>([.. assignments.Select(AssignmentView.Of)], null));
    }

    /// <summary>The city-wide waiting list: centralized isolations awaiting a room, longest waiting first, paged.</summary>
    private static async Task<Results<Ok<Page<AssignmentView>>, Ok<Page<WaitingAssignmentView>>, ValidationProblem>> GetWaitingListAsync(
        string? personId, string? status, string? district, string? after, int? limit, ClaimsPrincipal user, AuditTrail audit, ITracingQueries queries)
    {
        var errors = new FieldErrors()
            .OneOf("district", district, Districts.All.Select(d => d.Code));
        if (personId is not null)
        {
            errors.Add("personId", "lists one person's assignments; leave out status");
        }

        if (status is null)
        {
            errors.Add("personId", "is required unless status=awaiting-capacity asks for the waiting list");
        }
        else if (status != AssignmentStatuses.AwaitingCapacity)
        {
            errors.Add("status", $"must be {AssignmentStatuses.AwaitingCapacity}: the city-wide list is the waiting list");
        }

        var cursor = errors.Cursor(after);
        var size = errors.Limit(limit, DefaultWaitingPage, MaxWaitingPage);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var waiting = await queries.ListAwaitingAsync(district, cursor, size);
        await audit.RecordAsync(user, "GET /api/assignments?status=awaiting-capacity", waiting.Select(w => w.Assignment.PersonId));
        return TypedResults.Ok(new Page<WaitingAssignmentView>([.. waiting.Select(WaitingAssignmentView.Of)], waiting.Count == size ? waiting[^1].Key.ToString() : null));
    }

    public static async Task<Results<Ok<AssignmentView>, ProblemHttpResult, ValidationProblem>> CheckIn(
        string assignmentId, CheckInRequest? arrival, ClaimsPrincipal user, [AsParameters] HotelServices services, ITraceRequests retraces,
        RetraceDispatcher dispatcher, [FromKeyedServices(Clock.Key)] TimeProvider time)
    {
        var errors = new FieldErrors();
        var arrivedAt = errors.Time("at", arrival?.At, time.GetUtcNow(), required: false);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var answer = await TransitionAsync(assignmentId, user, services,
            (hotel, id) => arrivedAt is { } at ? hotel.CheckInAtAsync(id, at) : hotel.CheckInAsync(id));
        if (answer.Result is Ok<AssignmentView> { Value: { Status: AssignmentStatuses.CheckedIn } checkedIn })
        {
            // Isolated from the arrival: the windows over which the guest's own contacts are sought close there.
            if (await retraces.RequestForIsolationAsync(checkedIn.PersonId) > 0)
            {
                dispatcher.Signal();
            }
        }

        return answer;
    }

    public static async Task<Results<Ok<AssignmentView>, ProblemHttpResult, ValidationProblem>> CheckOut(
        string assignmentId, CheckOutRequest? departure, ClaimsPrincipal user, [AsParameters] HotelServices services,
        [FromKeyedServices(Clock.Key)] TimeProvider time)
    {
        var errors = new FieldErrors();
        var leftAt = errors.Time("at", departure?.At, time.GetUtcNow(), required: false);
        return errors.IsEmpty
            ? await TransitionAsync(assignmentId, user, services, (hotel, id) => leftAt is { } at ? hotel.CheckOutAtAsync(id, at) : hotel.CheckOutAsync(id))
            : errors.ToProblem();
    }

    // Finds the assignment, checks that this key may act for its hotel, then lets the hotel grain take the step; the
    // lifecycle's answer becomes the response.
    private static async Task<Results<Ok<AssignmentView>, ProblemHttpResult, ValidationProblem>> TransitionAsync(
        string assignmentId, ClaimsPrincipal user, HotelServices services, Func<IHotelGrain, string, Task<LifecycleOutcome>> transition)
    {
        var assignment = Ids.IsValid(assignmentId) ? await services.Placements.GetAssignmentAsync(assignmentId) : null;
        if (assignment is null)
        {
            return TypedResults.Problem(Problems.NotFound("assignmentId", $"No assignment '{assignmentId}'."));
        }

        if (assignment.HotelId is not { } hotelId)
        {
            return TypedResults.Problem(Problems.Conflict("assignmentId", $"Assignment '{assignmentId}' has no hotel ({assignment.Status})."));
        }

        if (!user.MayAccessHotel(hotelId))
        {
            return TypedResults.Problem(Problems.Forbidden("assignmentId", "This assignment belongs to another hotel."));
        }

        var outcome = await transition(services.Grains.GetGrain<IHotelGrain>(hotelId), assignmentId);
        if (outcome is LifecycleOutcome.BeforeStart or LifecycleOutcome.BeforeArrival)
        {
            return new FieldErrors().Add("at", outcome == LifecycleOutcome.BeforeStart
                ? $"is before the isolation's start ({assignment.Start:yyyy-MM-dd'T'HH:mm:ss'Z'}), the exposure it counts from"
                : "is before the guest's check-in: a guest leaves after arriving").ToProblem();
        }

        if (outcome is LifecycleOutcome.InvalidState or LifecycleOutcome.NotAtThisHotel)
        {
            var current = await services.Placements.GetAssignmentAsync(assignmentId) ?? assignment;
            var detail = current.Status == AssignmentStatuses.Assigned
                ? $"Assignment '{assignmentId}' is assigned: its guest never checked in, so there is no stay to check out (check the guest in first)."
                : $"Assignment '{assignmentId}' is {current.Status}; that step does not apply.";
            var problem = Problems.Conflict("assignmentId", detail);
            problem.Extensions["assignmentStatus"] = current.Status;
            return TypedResults.Problem(problem);
        }

        return TypedResults.Ok(AssignmentView.Of((await services.Placements.GetAssignmentAsync(assignmentId))!));
    }
}
