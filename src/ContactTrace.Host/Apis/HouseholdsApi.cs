using System.Security.Claims;
using ContactTrace.Host.Auth;

namespace ContactTrace.Host.Apis;

public static class HouseholdsApi
{
    public static RouteGroupBuilder MapHouseholdsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/households").WithTags("Registry");

        api.MapGet("/{householdId}", GetHousehold)
            .WithName("GetHousehold").ProducesProblem(StatusCodes.Status404NotFound).WithSummary("A household's members, each with their management and assignment").RequireAuthorization(Policies.Tracer);

        return api;
    }

    public static async Task<Results<Ok<HouseholdView>, ProblemHttpResult, ValidationProblem>> GetHousehold(
        string householdId, ClaimsPrincipal user, [AsParameters] TracingWorkServices services, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors().RequireId("householdId", householdId);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var members = await services.Queries.GetHouseholdAsync(householdId, cancellationToken);
        if (members.Count == 0)
        {
            return TypedResults.Problem(Problems.NotFound("householdId", $"Nobody is registered in household '{householdId}'."));
        }

        await services.Audit.RecordAsync(user, "GET /api/households/{householdId}", members.Select(m => m.Person.PersonId));
        var now = services.Time.GetUtcNow();
        return TypedResults.Ok(new HouseholdView(householdId, [.. members.Select(m => HouseholdMemberView.Of(m, now, services.Codes.CodeOf(m.Person.PersonId)))]));
    }
}
