using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ContactTrace.Access;
using Microsoft.Extensions.Logging;

namespace ContactTrace.Grains.Hotels;

/// <summary>
/// Delivers one hotel's feed to its webhook: each item POSTed as JSON with <c>X-ContactTrace-Signature:
/// sha256=&lt;hex HMAC of the body&gt;</c>, one at a time in feed order, retried with backoff until a 2xx, the
/// delivered cursor stored after each success. One activation per hotel keeps the order; the loop stops when the
/// activation does, and the stored cursor and a resume at startup keep delivery going across restarts. Each item
/// carries its <c>guest</c> (name, phone, household) and is audited, as leaving the service, before it is first sent.
/// </summary>
public sealed class WebhookGrain(
    IHotelFeedStore feeds, IRegistryStore registry, IAccessStore access, IHttpClientFactory httpClients, ResponseTimes times, ILogger<WebhookGrain> logger)
    : Grain, IWebhookGrain
{
    public const string SignatureHeader = "X-ContactTrace-Signature";
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource _stop = new();
    private RunLoop? _deliveries;

    private string HotelId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(KickAsync, new GrainTimerCreationOptions(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10)) { KeepAlive = true });
        return Task.CompletedTask;
    }

    // A loop outliving its activation could deliver alongside the next one and break the order: stop it first.
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await _stop.CancelAsync();
        await Deliveries.Running.WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Current);
    }

    public Task KickAsync()
    {
        Deliveries.Kick(_stop.Token);
        return Task.CompletedTask;
    }

    private RunLoop Deliveries => _deliveries ??= new RunLoop(
        async stop =>
        {
            await DeliverAsync(stop);
            return false;
        },
        exception => logger.LogWarning(exception, "Webhook delivery for hotel {HotelId} stopped; the timer resumes it.", HotelId));

    // Everything the feed has past the delivered cursor, in order; the stored cursor moves after each success.
    private async Task DeliverAsync(CancellationToken stop)
    {
        while (await feeds.GetWebhookAsync(HotelId, stop) is { } webhook
            && await feeds.ReadFeedAsync(HotelId, webhook.DeliveredCursor, 100, stop) is { Count: > 0 } items)
        {
            var guests = await FeedGuest.ForAsync(registry, items, stop);
            foreach (var item in items)
            {
                await access.AppendAuditAsync($"webhook:{HotelId}", "POST webhook of hotel", [$"hotel:{HotelId}", item.PersonId], stop);
                await DeliverWithRetryAsync(webhook, item, guests.GetValueOrDefault(item.PersonId), stop);
                await feeds.MarkDeliveredAsync(HotelId, item.Cursor, stop);
            }
        }
    }

    private async Task DeliverWithRetryAsync(HotelWebhook webhook, FeedItem item, FeedGuest? guest, CancellationToken stop)
    {
        // The body: the feed item's fields, then its guest; times in the offset of every answer (ResponseTimes).
        var json = times.Json;
        var delivered = JsonSerializer.SerializeToNode(item, json)!.AsObject();
        delivered["guest"] = JsonSerializer.SerializeToNode(guest, json);
        var body = Encoding.UTF8.GetBytes(delivered.ToJsonString(json));
        var signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(webhook.Secret), body));
        var backoff = TimeSpan.FromMilliseconds(250);
        for (var attempt = 1; ; attempt++)
        {
            stop.ThrowIfCancellationRequested();
            if (await TryPostAsync(webhook.Url, body, signature, stop) is not { } failure)
            {
                return;
            }

            // One line per failed attempt, never a stack trace: a receiver down for an hour is hundreds of these.
            logger.LogWarning("Webhook for hotel {HotelId}: item {Cursor}, attempt {Attempt} failed ({Failure}); next try in {Backoff:g}.",
                HotelId, item.Cursor, attempt, failure, backoff);
            await Task.Delay(backoff, stop);
            backoff = backoff * 2 < MaxBackoff ? backoff * 2 : MaxBackoff;
        }
    }

    /// <summary>POSTs one item; null when the receiver took it (2xx), otherwise what went wrong, in a few words.</summary>
    private async Task<string?> TryPostAsync(string url, byte[] body, string signature, CancellationToken stop)
    {
        try
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
            request.Headers.Add(SignatureHeader, signature);
            using var response = await httpClients.CreateClient(nameof(WebhookGrain)).SendAsync(request, stop);
            return response.IsSuccessStatusCode ? null : $"status {(int)response.StatusCode}";
        }
        catch (HttpRequestException exception)
        {
            return exception.StatusCode is { } status ? $"status {(int)status}" : exception.Message;
        }
        catch (TaskCanceledException) when (!stop.IsCancellationRequested)
        {
            return "timed out";
        }
    }
}
