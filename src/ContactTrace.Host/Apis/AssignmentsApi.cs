using System.Security.Claims;
using ContactTrace.Host.Auth;
using ContactTrace.Queries;

namespace ContactTrace.Host.Apis;

public static partial class AssignmentsApi
{
    public static RouteGroupBuilder MapAssignmentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/assignments").WithTags("Assignments");

        api.MapGet("/", GetAssignments)
            .WithName("GetAssignments").WithSummary("A person's isolation assignments, or the city-wide waiting list (status=awaiting-capacity)").RequireAuthorization(Policies.Tracer);
        api.MapPost("/{assignmentId}/check-in", CheckIn)
            .WithName("CheckIn").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("The hotel received the person; repeating it is harmless").RequireAuthorization(Policies.Hotel);
        api.MapPost("/{assignmentId}/check-out", CheckOut)
            .WithName("CheckOut").WithDescription("Only a guest who checked in can be checked out: an assigned guest who never arrived is refused with 409 naming the state (assignmentStatus), and nothing changes.").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("The person left the hotel, freeing the room; repeating it is harmless").RequireAuthorization(Policies.Hotel);

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

    private const int DefaultWaitingPage = 100;
    private const int MaxWaitingPage = 500;
}
