using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using ContactTrace.Cases;
using ContactTrace.Grains.Cases;
using ContactTrace.Host.Cases;
using ContactTrace.Queries;
using Orleans.Storage;

namespace ContactTrace.Host.Apis;

public static partial class CasesApi
{
    private const int DefaultCaseListPage = 50;
    private const int MaxCaseListPage = 200;
    private static readonly TimeSpan StreamKeepAlive = TimeSpan.FromSeconds(15);

    /// <summary>The case list, newest report first, keyset-paged; a withdrawn case stays listed, marked.</summary>
    public static async Task<Results<Ok<Page<CaseListItemView>>, ValidationProblem>> ListCases(
        string? district, string? channel, string? classification, string? clusterId, string? status, string? from, string? to,
        string? after, int? limit, ClaimsPrincipal user, [AsParameters] TracingWorkServices services, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors()
            .OneOf("district", district, Districts.All.Select(d => d.Code))
            .OneOf("channel", channel, DiscoveryChannels.All.Select(c => c.Code))
            .OneOf("classification", classification, [Classifications.Confirmed, Classifications.Asymptomatic])
            .OptionalId("clusterId", clusterId)
            .OneOf("status", status, [TraceStatus.Pending, TraceStatus.Running, TraceStatus.Completed, CaseFilter.Withdrawn]);
        var fromTime = errors.TimeOrDay("from", from, services.Zone, dayEnd: false);
        var toTime = errors.TimeOrDay("to", to, services.Zone, dayEnd: true);
        if (fromTime >= toTime)
        {
            errors.Add("to", "must be after from");
        }

        var cursor = errors.Cursor(after);
        var size = errors.Limit(limit, DefaultCaseListPage, MaxCaseListPage);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var filter = new CaseFilter(district, channel, classification, clusterId, status, fromTime, toTime);
        var rows = await services.Queries.ListCasesAsync(filter, cursor, size, cancellationToken);
        var items = new List<CaseListItemView>(rows.Count);
        foreach (var row in rows)
        {
            var item = await WithLiveStatusAsync(CaseListItemView.Of(row), services.Grains);
            if (!filter.WantsUnfinished || item.Trace.Status == status)
            {
                items.Add(item);
            }
        }

        await services.Audit.RecordAsync(user, "GET /api/cases", items.Select(i => i.PersonId));
        return TypedResults.Ok(new Page<CaseListItemView>(items, rows.Count == size ? rows[^1].Key.ToString() : null));
    }

    /// <summary>
    /// Every change of a case (reported, traced, merged into a cluster, withdrawn) as server-sent events, from
    /// <c>Last-Event-ID</c> (or <c>?after=</c>) on, else from now. Each event is the case as the list shows it.
    /// </summary>
    public static async Task<Results<ServerSentEventsResult<object>, ValidationProblem>> StreamCases(
        string? after, HttpContext context, ClaimsPrincipal user, CaseSignals signals, [AsParameters] TracingWorkServices services)
    {
        var text = context.Request.Headers["Last-Event-ID"].FirstOrDefault() ?? after;
        long cursor = 0;
        if (text is not null && (!long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out cursor)))
        {
            return new FieldErrors().Add("Last-Event-ID", "must be the id of an event of this stream").ToProblem();
        }

        if (text is null)
        {
            cursor = await services.Queries.GetLastCaseChangeAsync(context.RequestAborted);
        }

        return TypedResults.ServerSentEvents(ChangesAsync(cursor, user, signals, services, context.RequestAborted));
    }

    /// <summary>The interviewed contacts the case's tracers reported, with their notes.</summary>
    public static async Task<Results<Ok<Page<ReportedContactView>>, ProblemHttpResult, ValidationProblem>> GetReportedContacts(
        string caseId, ClaimsPrincipal user, [AsParameters] TracingWorkServices services)
    {
        var errors = new FieldErrors().RequireId("caseId", caseId);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var grain = services.Grains.GetGrain<ICaseGrain>(caseId);
        if (await grain.GetAsync() is null)
        {
            return TypedResults.Problem(Problems.NotFound("caseId", $"No case '{caseId}' was reported."));
        }

        var contacts = await grain.GetReportedContactsAsync();
        await services.Audit.RecordAsync(user, "GET /api/cases/{caseId}/reported-contacts", [$"case:{caseId}", .. contacts.Select(c => c.PersonId)]);
        return TypedResults.Ok(new Page<ReportedContactView>([.. contacts.Select(c => new ReportedContactView(c.PersonId, c.At, c.Until, c.Setting, c.Note))], null));
    }

    private static async IAsyncEnumerable<SseItem<object>> ChangesAsync(
        long cursor, ClaimsPrincipal user, CaseSignals signals, TracingWorkServices services, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Every event carries the cursor as its id; the first one, sent at once, tells the client it is connected.
        yield return Marker("ready", cursor);
        while (!cancellationToken.IsCancellationRequested)
        {
            var changed = signals.WaitAsync();
            var changes = await services.Queries.ReadCaseChangesAsync(cursor, MaxCaseListPage, cancellationToken);
            if (changes.Count > 0)
            {
                await services.Audit.RecordAsync(user, "GET /api/cases/stream", changes.Select(c => c.Case.PersonId));
            }

            foreach (var change in changes)
            {
                cursor = change.Sequence;
                yield return new SseItem<object>(CaseListItemView.Of(change.Case), "case") { EventId = cursor.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            }

            if (changes.Count == MaxCaseListPage)
            {
                continue;
            }

            // Woken by a change this silo heard of, or after a while anyway (a missed notification, or to keep the connection open).
            var woke = await Task.WhenAny(changed, Task.Delay(StreamKeepAlive, cancellationToken));
            if (woke != changed && !cancellationToken.IsCancellationRequested)
            {
                yield return Marker("keep-alive", cursor);
            }
        }
    }

    /// <summary>The data of the stream's <c>ready</c> and <c>keep-alive</c> events: where the stream stands.</summary>
    public sealed record class CaseStreamMarker(long Cursor);

    private static SseItem<object> Marker(string eventType, long cursor) =>
        new(new CaseStreamMarker(cursor), eventType) { EventId = cursor.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    // The table knows "completed" and "not yet"; the case grain knows whether a trace is running now.
    private static async Task<CaseListItemView> WithLiveStatusAsync(CaseListItemView item, IGrainFactory grains)
    {
        if (item.Trace.Status == TraceStatus.Completed || item.WithdrawnAt is not null)
        {
            return item;
        }

        var record = await grains.GetGrain<ICaseGrain>(item.CaseId).GetAsync();
        return record is null ? item : item with { Trace = item.Trace with { Status = record.Trace.Status } };
    }
}
