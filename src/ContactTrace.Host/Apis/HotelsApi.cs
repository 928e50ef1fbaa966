using System.Security.Claims;
using System.Text.Json;
using ContactTrace.Host.Auth;
using ContactTrace.Queries;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.Extensions.Options;

namespace ContactTrace.Host.Apis;

public static class HotelsApi
{
    private const int DefaultFeedPage = 100;
    private const int MaxFeedPage = 1000;
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

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

    public static async Task<Results<Ok<Page<FeedItemView>>, ProblemHttpResult, ValidationProblem>> GetFeed(
        string hotelId, string? after, int? limit, ClaimsPrincipal user, [AsParameters] HotelServices services)
    {
        if (HotelAccessProblem(hotelId, user) is { } problem)
        {
            return problem;
        }

        var errors = new FieldErrors();
        var cursor = errors.FeedCursor("after", after);
        if (limit is < 1 or > MaxFeedPage)
        {
            errors.Add("limit", $"must be between 1 and {MaxFeedPage}");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var size = limit ?? DefaultFeedPage;
        var items = await services.Feeds.ReadFeedAsync(hotelId, cursor, size);
        var guests = await FeedGuest.ForAsync(services.Registry, items);
        await services.Audit.RecordAsync(user, "GET /api/hotels/{hotelId}/assignments", [$"hotel:{hotelId}", .. items.Select(i => i.PersonId)]);
        var views = items.Select(i => FeedItemView.Of(i, guests)).ToList();
        return TypedResults.Ok(new Page<FeedItemView>(views, items.Count == size ? views[^1].Cursor : null));
    }

    /// <summary>
    /// The feed as server-sent events, from <c>Last-Event-ID</c> (or <c>?after=</c>) on: each item's cursor is its
    /// event id, so a client that reconnects with the last id it saw misses nothing and sees nothing twice. All
    /// streams of a hotel on this silo share one feed reader (<see cref="FeedStreams"/>); a key may hold
    /// <c>ContactTrace:Streams:MaxPerKey</c> of them; every page pushed is audited before it is sent.
    /// </summary>
    public static async Task<IResult> StreamFeed(
        string hotelId, string? after, HttpContext context, ClaimsPrincipal user, [AsParameters] HotelServices services)
    {
        if (HotelAccessProblem(hotelId, user) is { } problem)
        {
            return problem;
        }

        var errors = new FieldErrors();
        var cursor = errors.FeedCursor("Last-Event-ID", context.Request.Headers["Last-Event-ID"].FirstOrDefault() ?? after);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        using var admission = services.Streams.TryAdmit(user.KeyId());
        if (admission is null)
        {
            context.Response.Headers.RetryAfter = "5";
            return TypedResults.Problem(Problems.TooManyStreams("X-Api-Key", "This key holds as many open streams as it may; close one or poll the feed."));
        }

        await services.Audit.RecordAsync(user, "GET /api/hotels/{hotelId}/assignments/stream", [$"hotel:{hotelId}"]);
        await WriteEventsAsync(hotelId, cursor, context, user, services);
        return TypedResults.Empty;
    }

    private static async Task WriteEventsAsync(string hotelId, long cursor, HttpContext context, ClaimsPrincipal user, HotelServices services)
    {
        var response = context.Response;
        var aborted = context.RequestAborted;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        await response.Body.FlushAsync(aborted);
        using var subscription = services.Streams.Subscribe(hotelId, cursor);
        try
        {
            while (!aborted.IsCancellationRequested)
            {
                using var quiet = CancellationTokenSource.CreateLinkedTokenSource(aborted);
                quiet.CancelAfter(KeepAlive);
                try
                {
                    if (!await subscription.Pages.WaitToReadAsync(quiet.Token))
                    {
                        return; // fell too far behind: the client resumes with Last-Event-ID
                    }
                }
                catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
                {
                    await response.WriteAsync(": keep-alive\n\n", aborted);
                    await response.Body.FlushAsync(aborted);
                    continue;
                }

                var json = context.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
                while (subscription.Pages.TryRead(out var items))
                {
                    var guests = await FeedGuest.ForAsync(services.Registry, items, aborted);
                    await services.Audit.RecordAsync(user, "GET /api/hotels/{hotelId}/assignments/stream", [$"hotel:{hotelId}", .. items.Select(i => i.PersonId)]);
                    foreach (var item in items)
                    {
                        // The host's options, so that times are written in the response offset as in every answer.
                        var data = JsonSerializer.Serialize(FeedItemView.Of(item, guests), json);
                        await response.WriteAsync($"id: {item.Cursor}\nevent: assignment\ndata: {data}\n\n", aborted);
                    }
                }

                await response.Body.FlushAsync(aborted);
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away; it resumes with Last-Event-ID.
        }
    }

    public static async Task<Results<Ok<WebhookView>, NoContent, ProblemHttpResult, ValidationProblem>> PutWebhook(
        string hotelId, WebhookInput body, ClaimsPrincipal user, [AsParameters] HotelServices services)
    {
        if (HotelAccessProblem(hotelId, user) is { } problem)
        {
            return problem;
        }

        var errors = new FieldErrors();
        if (!Uri.TryCreate(body.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || body.Url!.Length > 2000)
        {
            errors.Add("url", "must be an absolute http or https URL");
        }
        else if (services.Webhooks.WhyRefused(url) is { } refused)
        {
            errors.Add("url", refused);
        }

        if (body.Secret is not { Length: >= 16 and <= 256 } || body.Secret.Any(char.IsControl))
        {
            errors.Add("secret", "must be 16 to 256 printable characters");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        await services.Feeds.SetWebhookAsync(hotelId, body.Url, body.Secret);
        await services.Grains.GetGrain<IWebhookGrain>(hotelId).KickAsync();
        return TypedResults.Ok(new WebhookView(hotelId, body.Url!));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteWebhook(string hotelId, ClaimsPrincipal user, [AsParameters] HotelServices services)
    {
        if (HotelAccessProblem(hotelId, user) is { } problem)
        {
            return problem;
        }

        await services.Feeds.SetWebhookAsync(hotelId, null, null);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult? HotelAccessProblem(string hotelId, ClaimsPrincipal user) =>
        !Ids.IsValid(hotelId) ? TypedResults.Problem(Problems.NotFound("hotelId", "Not a hotel id."))
        : !user.MayAccessHotel(hotelId) ? TypedResults.Problem(Problems.Forbidden("hotelId", "This key acts for another hotel."))
        : null;
}
