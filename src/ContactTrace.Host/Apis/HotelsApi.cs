using System.Security.Claims;
using ContactTrace.Host.Auth;
using ContactTrace.Queries;
using Microsoft.AspNetCore.Http.Timeouts;

namespace ContactTrace.Host.Apis;

public static partial class HotelsApi
{
    public static RouteGroupBuilder MapHotelsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/hotels").WithTags("Registry");

        api.MapGet("/", ListHotels)
            .WithName("ListHotels").WithSummary("Every hotel with its capacity and the rooms taken now").RequireAuthorization(Policies.Tracer);
        api.MapPut("/{hotelId}", PutHotel)
            .WithName("PutHotel").WithSummary("Register or update an isolation hotel").RequireAuthorization(Policies.Admin);
        api.MapGet("/{hotelId}", GetHotel)
            .WithName("GetHotel").WithDescription("awaiting: the people waiting for a room who are registered in the hotel's district, as GET /api/assignments?status=awaiting-capacity&district= lists them.").ProducesProblem(StatusCodes.Status404NotFound).WithSummary("A hotel with its capacity, occupancy and waiting list").RequireAuthorization(Policies.HotelOrTracer);
        api.MapGet("/{hotelId}/assignments", GetFeed)
            .WithName("GetHotelFeed").WithDescription("Every change of an assignment is a new item; an extension of a stay keeps its assignmentId and shows as one item with the new end and reason: extended.").ProducesProblem(StatusCodes.Status404NotFound).WithSummary("The hotel's assignment feed, oldest first, paged by cursor").RequireAuthorization(Policies.Hotel);
        api.MapGet("/{hotelId}/assignments/stream", StreamFeed)
            .WithName("StreamHotelFeed").Produces(StatusCodes.Status200OK, contentType: "text/event-stream").ProducesProblem(StatusCodes.Status404NotFound).WithSummary("The hotel's feed as server-sent events, resumable with Last-Event-ID").RequireAuthorization(Policies.Hotel)
            .DisableRequestTimeout();
        api.MapPut("/{hotelId}/webhook", PutWebhook)
            .WithName("PutHotelWebhook").ProducesProblem(StatusCodes.Status404NotFound).WithSummary("POST each feed item to this URL, signed with the secret").RequireAuthorization(Policies.Hotel);
        api.MapDelete("/{hotelId}/webhook", DeleteWebhook)
            .WithName("DeleteHotelWebhook").ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Stop webhook delivery").RequireAuthorization(Policies.Hotel);

        return api;
    }

    public static async Task<Ok<Page<HotelListItemView>>> ListHotels(ITracingQueries queries, CancellationToken cancellationToken)
    {
        var hotels = await queries.ListHotelsAsync(cancellationToken);
        return TypedResults.Ok(new Page<HotelListItemView>([.. hotels.Select(h => new HotelListItemView(h.HotelId, h.Profile.Name, h.Profile.District, h.Profile.Capacity, h.Occupied))], null));
    }

    public static async Task<Results<Ok<HotelView>, ValidationProblem>> PutHotel(
        string hotelId, HotelRegistration body, [AsParameters] RegistryServices services)
    {
        var errors = new FieldErrors()
            .RequireId("hotelId", hotelId)
            .RequireText("name", body.Name, 200)
            .RequireDistrict("district", body.District);
        if (body.Capacity is not { } capacity)
        {
            errors.Add("capacity", "is required");
        }
        else if (capacity is <= 0 or > 100_000)
        {
            errors.Add("capacity", "must be between 1 and 100000");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var grain = services.Grains.GetGrain<IHotelGrain>(hotelId);
        await grain.SetProfileAsync(new HotelProfile(body.Name!, body.District!, body.Capacity!.Value));
        return TypedResults.Ok(ToView(hotelId, (await grain.GetAsync())!));
    }

    public static async Task<Results<Ok<HotelView>, ProblemHttpResult, ValidationProblem>> GetHotel(
        string hotelId, ClaimsPrincipal user, [AsParameters] RegistryServices services)
    {
        var errors = new FieldErrors().RequireId("hotelId", hotelId);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        if (!user.MayAccessHotel(hotelId))
        {
            return TypedResults.Problem(Problems.Forbidden("hotelId", "This key acts for another hotel."));
        }

        var hotel = await services.Grains.GetGrain<IHotelGrain>(hotelId).GetAsync();
        return hotel is null
            ? TypedResults.Problem(Problems.NotFound("hotelId", $"No hotel '{hotelId}' is registered."))
            : TypedResults.Ok(ToView(hotelId, hotel));
    }

    private static HotelView ToView(string hotelId, HotelStatus hotel) =>
        new(hotelId, hotel.Profile.Name, hotel.Profile.District, hotel.Profile.Capacity, hotel.Occupied, hotel.Awaiting);
}
