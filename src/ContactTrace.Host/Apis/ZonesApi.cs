using ContactTrace.Host.Auth;
using ContactTrace.Policy;

namespace ContactTrace.Host.Apis;

public static class ZonesApi
{
    private const int DefaultPage = 100;
    private const int MaxPage = 1000;

    public static RouteGroupBuilder MapZonesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/zones").WithTags("Zones");

        api.MapGet("/", ListZones)
            .WithName("ListZones").WithSummary("The risk zones (status proposed, active or lifted; all without it), by zone id, paged")
            .RequireAuthorization(Policies.AnyKey);
        api.MapGet("/{zoneId}", GetZone)
            .WithName("GetZone").ProducesProblem(StatusCodes.Status404NotFound).WithSummary("A risk zone with its cases and when it lifts").RequireAuthorization(Policies.AnyKey);
        api.MapPut("/{zoneId}", PutZone)
            .WithName("PutZone").ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Declare a high-risk zone for a compound, or confirm a proposed one: its residents' codes turn red")
            .RequireAuthorization(Policies.Tracer);
        api.MapPost("/{zoneId}/lift", LiftZone)
            .WithName("LiftZone").ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Lift a zone now; its residents' codes follow").RequireAuthorization(Policies.Tracer);

        return api;
    }

    public static async Task<Results<Ok<Page<ZoneView>>, ValidationProblem>> ListZones(
        string? status, string? after, int? limit, IZoneStore zones, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors().OneOf("status", status, ZoneStatuses.All).OptionalId("after", after);
        var size = errors.Limit(limit, DefaultPage, MaxPage);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var page = await zones.ListAsync(status, after, size, cancellationToken);
        return TypedResults.Ok(new Page<ZoneView>([.. page.Select(ZoneView.Of)], page.Count == size ? page[^1].ZoneId : null));
    }

    public static async Task<Results<Ok<ZoneView>, ProblemHttpResult, ValidationProblem>> GetZone(string zoneId, IZoneStore zones, CancellationToken cancellationToken)
    {
        if (!Ids.IsValid(zoneId))
        {
            return new FieldErrors().RequireId("zoneId", zoneId).ToProblem();
        }

        return await zones.GetAsync(zoneId, cancellationToken) is { } zone
            ? TypedResults.Ok(ZoneView.Of(zone))
            : TypedResults.Problem(Problems.NotFound("zoneId", $"No zone '{zoneId}'."));
    }

    public static async Task<Results<Ok<ZoneView>, ProblemHttpResult, ValidationProblem>> PutZone(
        string zoneId, ZoneInput body, IZoneStore zones, TracingPolicy policy, [FromKeyedServices(Clock.Key)] TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors().RequireId("zoneId", zoneId).RequireId("compoundId", body.CompoundId).RequireDistrict("district", body.District);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var (outcome, zone) = await zones.DeclareAsync(zoneId, body.CompoundId!, body.District!, time.GetUtcNow(), policy.HighRiskLiftDays, cancellationToken);
        return outcome switch
        {
            ZoneDeclaration.Lifted => TypedResults.Problem(Problems.Conflict("zoneId", $"Zone '{zoneId}' was lifted; declare a new zone.")),
            ZoneDeclaration.OtherCompound => TypedResults.Problem(Problems.Conflict("compoundId", $"Zone '{zoneId}' is compound '{zone!.CompoundId}''s.")),
            ZoneDeclaration.CompoundTaken => TypedResults.Problem(Problems.Conflict("compoundId",
                $"Compound '{body.CompoundId}' has the open zone '{zone!.ZoneId}' ({zone.Status}); confirm or lift that one.")),
            _ => TypedResults.Ok(ZoneView.Of(zone!)),
        };
    }

    public static async Task<Results<Ok<ZoneView>, ProblemHttpResult, ValidationProblem>> LiftZone(
        string zoneId, IZoneStore zones, [FromKeyedServices(Clock.Key)] TimeProvider time, CancellationToken cancellationToken)
    {
        if (!Ids.IsValid(zoneId))
        {
            return new FieldErrors().RequireId("zoneId", zoneId).ToProblem();
        }

        return await zones.LiftAsync(zoneId, time.GetUtcNow(), cancellationToken) is { } zone
            ? TypedResults.Ok(ZoneView.Of(zone))
            : TypedResults.Problem(Problems.NotFound("zoneId", $"No zone '{zoneId}'."));
    }
}
