using System.Security.Claims;
using ContactTrace.Host.Auth;

namespace ContactTrace.Host.Apis;

public static partial class AssignmentsApi
{
    private const int DefaultWaitingPage = 100;
    private const int MaxWaitingPage = 1000;

    private static readonly string[] Statuses =
    [
        AssignmentStatuses.Assigned, AssignmentStatuses.AwaitingCapacity, AssignmentStatuses.CheckedIn,
        AssignmentStatuses.Released, AssignmentStatuses.ConvertedToCase, AssignmentStatuses.Superseded,
    ];

    public static RouteGroupBuilder MapAssignmentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/assignments").WithTags("Assignments");

        api.MapGet("/", GetAssignments)
            .WithName("GetAssignments").WithSummary("A person's isolation assignments, or (status=awaiting-capacity) the city-wide waiting list").RequireAuthorization(Policies.Tracer);
        api.MapPost("/{assignmentId}/check-in", CheckIn)
            .WithName("CheckIn").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("The hotel received the person; repeating it is harmless").RequireAuthorization(Policies.Hotel);
        api.MapPost("/{assignmentId}/check-out", CheckOut)
            .WithName("CheckOut").WithDescription("Only a guest who checked in can be checked out: an assigned guest who never arrived is refused with 409 naming the state (assignmentStatus), and nothing changes.").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("The person left the hotel, freeing the room; repeating it is harmless").RequireAuthorization(Policies.Hotel);

        return api;
    }

    /// <summary>
    /// A person's assignments (<c>?personId=</c>, optionally of one <c>status</c>), or the city-wide waiting list
    /// (<c>?status=awaiting-capacity</c>, optionally of one <c>district</c>: the persons registered there, the same people
    /// a hotel of that district counts as <c>awaiting</c>), longest waiting first, paged.
    /// </summary>
    public static async Task<Results<Ok<Page<AssignmentView>>, Ok<Page<WaitingAssignmentView>>, ValidationProblem>> GetAssignments(
        string? personId, string? status, string? district, string? after, int? limit, ClaimsPrincipal user, [AsParameters] CaseServices services, IHotelStore hotels)
    {
        var errors = new FieldErrors().OptionalId("personId", personId).OptionalId("after", after);
        if (personId is null && status != AssignmentStatuses.AwaitingCapacity)
        {
            errors.Add(status is null ? "personId" : "status",
                status is null ? "is required, unless status=awaiting-capacity asks for the waiting list" : "must be awaiting-capacity to list assignments city-wide; give a personId for the others");
        }

        if (status is not null && !Statuses.Contains(status))
        {
            errors.Add("status", $"must be one of {string.Join(", ", Statuses)}");
        }

        if (district is not null)
        {
            errors.RequireDistrict("district", district);
        }

        if (limit is < 1 or > MaxWaitingPage)
        {
            errors.Add("limit", $"must be between 1 and {MaxWaitingPage}");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        if (personId is null)
        {
            var size = limit ?? DefaultWaitingPage;
            var waiting = await hotels.GetWaitingListAsync(district, after, size);
            await services.Audit.RecordAsync(user, "GET /api/assignments?status=awaiting-capacity", [.. waiting.Select(w => w.Assignment.PersonId)]);
            return TypedResults.Ok(new Page<WaitingAssignmentView>([.. waiting.Select(WaitingAssignmentView.Of)], waiting.Count == size ? waiting[^1].Assignment.AssignmentId : null));
        }

        await services.Audit.RecordAsync(user, "GET /api/assignments", [personId]);
        var assignments = await services.Traces.GetAssignmentsAsync(personId);
        return TypedResults.Ok(new Page<AssignmentView>([.. assignments.Where(a => status is null || a.Status == status).Select(AssignmentView.Of)], null));
    }
}
