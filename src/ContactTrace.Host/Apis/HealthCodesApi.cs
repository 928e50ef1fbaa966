using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using ContactTrace.Host.Auth;
using ContactTrace.Host.Screening;
using Microsoft.AspNetCore.Http.Timeouts;

namespace ContactTrace.Host.Apis;

public static class HealthCodesApi
{
    private const int DefaultPage = 100;
    private const int MaxPage = 1000;
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static RouteGroupBuilder MapHealthCodesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/health-codes").WithTags("Health codes");

        api.MapGet("/changes", GetChanges)
            .WithName("GetHealthCodeChanges").WithSummary("Every change of a health code, oldest first, cursor-paged (after = the last cursor read)")
            .RequireAuthorization(Policies.CodeReader);
        api.MapGet("/changes/stream", StreamChanges)
            .WithName("StreamHealthCodeChanges").WithSummary("The changes as server-sent events from Last-Event-ID (or after) on, resumable")
            .RequireAuthorization(Policies.CodeReader)
            .DisableRequestTimeout();
        api.MapGet("/{personId}", GetHealthCode)
            .WithName("GetHealthCode").WithSummary("A person's health code (red, yellow, green) with its reasons and since when, from memory; no name or phone")
            .Produces<HealthCodeView>(StatusCodes.Status200OK, "application/json")
            .RequireAuthorization(Policies.CodeReader);

        return api;
    }

    public static async ValueTask<Results<JsonBytesResult, ValidationProblem>> GetHealthCode(string personId, HealthCodeBoard board) =>
        Ids.IsValid(personId)
            ? new JsonBytesResult(await board.LookupAsync(personId))
            : new FieldErrors().RequireId("personId", personId).ToProblem();

    public static async Task<Results<Ok<Page<HealthCodeChangeView>>, ValidationProblem>> GetChanges(
        string? after, int? limit, IHealthCodeStore codes, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var cursor = errors.FeedCursor("after", after);
        var size = errors.Limit(limit, DefaultPage, MaxPage);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var changes = await codes.ReadChangesAsync(cursor, size, cancellationToken);
        var items = changes.Select(HealthCodeChangeView.Of).ToList();
        return TypedResults.Ok(new Page<HealthCodeChangeView>(items, items.Count == size ? Text(items[^1].Cursor) : null));
    }

    /// <summary>
    /// The feed as server-sent events, from <c>Last-Event-ID</c> (or <c>?after=</c>, or the feed's start) on: each
    /// item's cursor is its event id, so a reader that reconnects with the last id it saw misses nothing and sees
    /// nothing twice.
    /// </summary>
    public static Results<ServerSentEventsResult<HealthCodeChangeView>, ValidationProblem> StreamChanges(
        string? after, HttpContext context, IHealthCodeStore codes, ScreeningSignals signals)
    {
        var errors = new FieldErrors();
        var cursor = errors.FeedCursor("Last-Event-ID", context.Request.Headers["Last-Event-ID"].FirstOrDefault() ?? after);
        return errors.IsEmpty
            ? TypedResults.ServerSentEvents(ChangesAsync(cursor, codes, signals, context.RequestAborted))
            : errors.ToProblem();
    }

    private static async IAsyncEnumerable<SseItem<HealthCodeChangeView>> ChangesAsync(
        long cursor, IHealthCodeStore codes, ScreeningSignals signals, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var grew = signals.Codes.WaitAsync();
            var changes = await codes.ReadChangesAsync(cursor, MaxPage, cancellationToken);
            foreach (var change in changes)
            {
                cursor = change.Cursor;
                yield return new SseItem<HealthCodeChangeView>(HealthCodeChangeView.Of(change), "code") { EventId = Text(cursor) };
            }

            if (changes.Count < MaxPage)
            {
                // Woken by a change this silo heard of, or after a while anyway (a missed notification).
                await Task.WhenAny(grew, Task.Delay(KeepAlive, cancellationToken));
            }
        }
    }

    private static string Text(long cursor) => cursor.ToString(CultureInfo.InvariantCulture);
}
