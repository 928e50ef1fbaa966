using ContactTrace.Cases;
using ContactTrace.Host.Auth;
using ContactTrace.Policy;
using ContactTrace.Scans;

namespace ContactTrace.Host.Apis;

public static class TrajectoriesApi
{
    public static RouteGroupBuilder MapTrajectoriesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/cases").WithTags("Screening");

        api.MapGet("/{caseId}/trajectory", GetTrajectory)
            .WithName("GetTrajectory").ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A case's public trajectory (活动轨迹): the venues and times inside its window, without any personal data; any key, public included")
            .RequireAuthorization(Policies.AnyKey);

        return api;
    }

    /// <summary>Each presence of the case's person at a venue inside the case's window, oldest first; never who, only where and when.</summary>
    public static async Task<Results<Ok<TrajectoryView>, ProblemHttpResult, ValidationProblem>> GetTrajectory(
        string caseId, IGrainFactory grains, IScanStore scans, IRegistryStore registry, TracingPolicy policy, CancellationToken cancellationToken)
    {
        if (!Ids.IsValid(caseId))
        {
            return new FieldErrors().RequireId("caseId", caseId).ToProblem();
        }

        if (await grains.GetGrain<ICaseGrain>(caseId).GetAsync() is not { } record)
        {
            return TypedResults.Problem(Problems.NotFound("caseId", $"No case '{caseId}' was reported."));
        }

        var visits = await scans.ReadPersonScansAsync([record.Report.PersonId], record.WindowStart, record.WindowEnd, cancellationToken);
        var venues = new Dictionary<string, VenueProfile>(StringComparer.Ordinal);
        foreach (var venueId in visits.Select(v => v.VenueId).Distinct(StringComparer.Ordinal))
        {
            if (await registry.GetVenueAsync(venueId, cancellationToken) is { } venue)
            {
                venues[venueId] = venue;
            }
        }

        var presences = CaseTrajectory.Presences(visits, venues.ToDictionary(v => v.Key, v => v.Value.Kind, StringComparer.Ordinal), policy);
        var items = presences.Where(p => venues.ContainsKey(p.VenueId)).Select(p => new TrajectoryItemView(
            p.VenueId, venues[p.VenueId].Name, venues[p.VenueId].District, Districts.TryGet(venues[p.VenueId].District, out var d) ? d.Label : venues[p.VenueId].District,
            p.From, p.Until)).ToList();
        return TypedResults.Ok(new TrajectoryView(caseId, record.WindowStart, record.WindowEnd, items));
    }
}
