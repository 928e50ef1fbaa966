using ContactTrace.Host.Auth;

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

    private static VenueView ToView(string venueId, VenueProfile profile) =>
        new(venueId, profile.Name, profile.District, profile.Kind, profile.Class == VenueClass.Close ? "close" : "open");
}
