using System.Security.Claims;
using ContactTrace.Host.Auth;
using ContactTrace.Host.Cases;

namespace ContactTrace.Host.Apis;

public static partial class AssignmentsApi
{
    public static async Task<Results<Ok<AssignmentView>, ProblemHttpResult>> CheckIn(
        string assignmentId, ClaimsPrincipal user, [AsParameters] HotelServices services, ITraceRequests retraces, RetraceDispatcher dispatcher)
    {
        var answer = await TransitionAsync(assignmentId, user, services, (hotel, id) => hotel.CheckInAsync(id));
        if (answer.Result is Ok<AssignmentView> { Value: { Status: AssignmentStatuses.CheckedIn } checkedIn })
        {
            // Isolated now: the windows over which the guest's own contacts are sought close at this check-in.
            if (await retraces.RequestForIsolationAsync(checkedIn.PersonId) > 0)
            {
                dispatcher.Signal();
            }
        }

        return answer;
    }

    public static Task<Results<Ok<AssignmentView>, ProblemHttpResult>> CheckOut(string assignmentId, ClaimsPrincipal user, [AsParameters] HotelServices services) =>
        TransitionAsync(assignmentId, user, services, (hotel, id) => hotel.CheckOutAsync(id));

    private static async Task<Results<Ok<AssignmentView>, ProblemHttpResult>> TransitionAsync(
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
