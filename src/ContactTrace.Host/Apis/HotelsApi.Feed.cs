using System.Security.Claims;
using System.Text.Json;
using ContactTrace.Host.Auth;

namespace ContactTrace.Host.Apis;

public static partial class HotelsApi
{
    private const int DefaultFeedPage = 100;
    private const int MaxFeedPage = 1000;
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

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
        var items = await services.Hotels.ReadFeedAsync(hotelId, cursor, size);
        await services.Audit.RecordAsync(user, "GET /api/hotels/{hotelId}/assignments", [$"hotel:{hotelId}", .. items.Select(i => i.PersonId)]);
        var views = items.Select(FeedItemView.Of).ToList();
        return TypedResults.Ok(new Page<FeedItemView>(views, items.Count == size ? views[^1].Cursor : null));
    }

    /// <summary>
    /// The feed as server-sent events, from <c>Last-Event-ID</c> (or <c>?after=</c>) on: each item's cursor is its
    /// event id, so a client that reconnects with the last id it saw misses nothing and sees nothing twice.
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

        await services.Audit.RecordAsync(user, "GET /api/hotels/{hotelId}/assignments/stream", [$"hotel:{hotelId}"]);
        await WriteEventsAsync(hotelId, cursor, context, services);
        return TypedResults.Empty;
    }

    private static async Task WriteEventsAsync(string hotelId, long cursor, HttpContext context, HotelServices services)
    {
        var response = context.Response;
        var aborted = context.RequestAborted;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        await response.Body.FlushAsync(aborted);
        try
        {
            while (!aborted.IsCancellationRequested)
            {
                var grew = services.Signals.WaitAsync(hotelId);
                var items = await services.Hotels.ReadFeedAsync(hotelId, cursor, MaxFeedPage, aborted);
                foreach (var item in items)
                {
                    var data = JsonSerializer.Serialize(FeedItemView.Of(item), JsonSerializerOptions.Web);
                    await response.WriteAsync($"id: {item.Cursor}\nevent: assignment\ndata: {data}\n\n", aborted);
                    cursor = item.Cursor;
                }

                await response.Body.FlushAsync(aborted);
                if (items.Count < MaxFeedPage && await Task.WhenAny(grew, Task.Delay(KeepAlive, aborted)) != grew)
                {
                    await response.WriteAsync(": keep-alive\n\n", aborted);
                }
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

        if (body.Secret is not { Length: >= 16 and <= 256 } || body.Secret.Any(char.IsControl))
        {
            errors.Add("secret", "must be 16 to 256 printable characters");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        await services.Hotels.SetWebhookAsync(hotelId, body.Url, body.Secret);
        await services.Grains.GetGrain<IWebhookGrain>(hotelId).KickAsync();
        return TypedResults.Ok(new WebhookView(hotelId, body.Url!));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteWebhook(string hotelId, ClaimsPrincipal user, [AsParameters] HotelServices services)
    {
        if (HotelAccessProblem(hotelId, user) is { } problem)
        {
            return problem;
        }

        await services.Hotels.SetWebhookAsync(hotelId, null, null);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult? HotelAccessProblem(string hotelId, ClaimsPrincipal user) =>
        !Ids.IsValid(hotelId) ? TypedResults.Problem(Problems.NotFound("hotelId", "Not a hotel id."))
        : !user.MayAccessHotel(hotelId) ? TypedResults.Problem(Problems.Forbidden("hotelId", "This key acts for another hotel."))
        : null;
}
