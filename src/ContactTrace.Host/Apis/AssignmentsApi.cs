using System.Security.Claims;
using ContactTrace.Host.Auth;

namespace ContactTrace.Host.Apis;

public static partial class AssignmentsApi
{
    public static RouteGroupBuilder MapAssignmentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/assignments").WithTags("Assignments");

        api.MapGet("/", GetAssignments)
            .WithName("GetAssignments").WithSummary("A person's isolation assignments").RequireAuthorization(Policies.Tracer);
        api.MapPost("/{assignmentId}/check-in", CheckIn)
            .WithName("CheckIn").WithSummary("The hotel received the person; repeating it is harmless").RequireAuthorization(Policies.Hotel);
        api.MapPost("/{assignmentId}/check-out", CheckOut)
            .WithName("CheckOut").WithSummary("The person left the hotel, freeing the room; repeating it is harmless").RequireAuthorization(Policies.Hotel);

        return api;
    }

    public static async Task<Results<Ok<Page<AssignmentView>>, ValidationProblem>> GetAssignments(string? personId, ClaimsPrincipal user, [AsParameters] CaseServices services)
    {
        var errors = new FieldErrors().RequireId("personId", personId);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        await services.Audit.RecordAsync(user, "GET /api/assignments", [personId!]);
        var assignments = await services.Traces.GetAssignmentsAsync(personId!);
        return TypedResults.Ok(new Page<AssignmentView>([.. assignments.Select(AssignmentView.Of)], null));
    }
}
