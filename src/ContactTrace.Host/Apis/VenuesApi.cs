using System.Security.Claims;
using ContactTrace.Host.Auth;
using ContactTrace.Scans;
using Microsoft.Extensions.Options;

namespace ContactTrace.Host.Apis;

public static class VenuesApi
{
    public static RouteGroupBuilder MapVenuesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/venues").WithTags("Registry");

        api.MapPut("/{venueId}", PutVenue)
            .WithName("PutVenue").WithSummary("Register or update a venue (place code)").RequireAuthorization(Policies.Admin);
        api.MapGet("/{venueId}", GetVenue)
            .WithName("GetVenue").ProducesProblem(StatusCodes.Status404NotFound).WithSummary("A registered venue").RequireAuthorization(Policies.Tracer);
        api.MapGet("/{venueId}/visits", GetVisits)
            .WithName("GetVenueVisits").ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Who scanned at the venue in an interval, oldest first, paged").RequireAuthorization(Policies.Tracer);

        return api;
    }

    public static async Task<Results<Ok<VenueView>, ValidationProblem>> PutVenue(
        string venueId, VenueRegistration body, [AsParameters] RegistryServices services)
    {
        var errors = new FieldErrors()
            .RequireId("venueId", venueId)
            .RequireText("name", body.Name, 200)
            .RequireDistrict("district", body.District);
        if (body.Kind is null)
        {
            errors.Add("kind", "is required");
        }
        else if (!VenueKinds.IsKnown(body.Kind))
        {
            errors.Add("kind", $"is not a venue kind; expected one of {string.Join(", ", VenueKinds.All)}");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var profile = new VenueProfile(body.Name!, body.District!, body.Kind!);
        await services.Grains.GetGrain<IVenueGrain>(venueId).SetProfileAsync(profile);
        return TypedResults.Ok(ToView(venueId, profile));
    }

    public static async Task<Results<Ok<VenueView>, ProblemHttpResult, ValidationProblem>> GetVenue(
        string venueId, [AsParameters] RegistryServices services)
    {
        var errors = new FieldErrors().RequireId("venueId", venueId);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var profile = await services.Grains.GetGrain<IVenueGrain>(venueId).GetProfileAsync();
        return profile is null
            ? TypedResults.Problem(Problems.NotFound("venueId", $"No venue '{venueId}' is registered."))
            : TypedResults.Ok(ToView(venueId, profile));
    }

    /// <summary>
    /// The visits that started in <c>[from, to)</c> (default: the last 24 hours), at most the scan retention
    /// period apart; every person listed is recorded in the audit log.
    /// </summary>
    public static async Task<Results<Ok<Page<VenueVisitView>>, ProblemHttpResult, ValidationProblem>> GetVisits(
        string venueId, string? from, string? to, string? after, int? limit, ClaimsPrincipal user,
        [AsParameters] TracingWorkServices services, IOptions<ScanOptions> scans, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors().RequireId("venueId", venueId);
        var toTime = errors.TimeOrDay("to", to, services.Zone, dayEnd: true) ?? services.Time.GetUtcNow();
        var fromTime = errors.TimeOrDay("from", from, services.Zone, dayEnd: false) ?? toTime.AddDays(-1);
        if (fromTime >= toTime)
        {
            errors.Add("to", "must be after from");
        }
        else if (toTime - fromTime > TimeSpan.FromDays(scans.Value.RetentionDays + 1))
        {
            errors.Add("from", $"must be at most {scans.Value.RetentionDays} days before to (scans are kept that long)");
        }

        var cursor = errors.Cursor(after);
        var size = errors.Limit(limit, DefaultVisitPage, MaxVisitPage);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        if (await services.Grains.GetGrain<IVenueGrain>(venueId).GetProfileAsync() is null)
        {
            return TypedResults.Problem(Problems.NotFound("venueId", $"No venue '{venueId}' is registered."));
        }

        var visits = await services.Queries.ReadVenueVisitsAsync(venueId, fromTime, toTime, cursor, size, cancellationToken);
        await services.Audit.RecordAsync(user, "GET /api/venues/{venueId}/visits", [$"venue:{venueId}", .. visits.Select(v => v.PersonId)]);
        return TypedResults.Ok(new Page<VenueVisitView>([.. visits.Select(VenueVisitView.Of)], visits.Count == size ? visits[^1].Key.ToString() : null));
    }

    private const int DefaultVisitPage = 200;
    private const int MaxVisitPage = 500;

    private static VenueView ToView(string venueId, VenueProfile profile) =>
        new(venueId, profile.Name, profile.District, profile.Kind, profile.Class == VenueClass.Close ? "close" : "open");
}
