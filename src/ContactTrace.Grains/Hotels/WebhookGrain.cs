using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace ContactTrace.Grains.Hotels;

/// <summary>
/// Delivers one hotel's feed to its webhook: each item POSTed as JSON with <c>X-ContactTrace-Signature:
/// sha256=&lt;hex HMAC of the body&gt;</c>, one at a time in feed order, retried with backoff until a 2xx, the
/// delivered cursor stored after each success. One activation per hotel keeps the order; the stored cursor and a
/// resume at startup keep delivery going across restarts.
/// </summary>
public sealed class WebhookGrain(IHotelStore hotels, IHttpClientFactory httpClients, ILogger<WebhookGrain> logger) : Grain, IWebhookGrain
{
    public const string SignatureHeader = "X-ContactTrace-Signature";
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private bool _kicked;
    private bool _running;

    private string HotelId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(KickAsync, new GrainTimerCreationOptions(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10)) { KeepAlive = true });
        return Task.CompletedTask;
    }

    public Task KickAsync()
    {
        _kicked = true;
        StartRun();
        return Task.CompletedTask;
    }

    // The flag is set before the run starts, so a run that completes synchronously still clears it.
    private void StartRun()
    {
        if (!_running)
        {
            _running = true;
            _ = DeliverAsync();
        }
    }

    private async Task DeliverAsync()
    {
        try
        {
            while (_kicked)
            {
                _kicked = false;
                while (await hotels.GetWebhookAsync(HotelId) is { } webhook
                    && await hotels.ReadFeedAsync(HotelId, webhook.DeliveredCursor, 100) is { Count: > 0 } items)
                {
                    foreach (var item in items)
                    {
                        await DeliverWithRetryAsync(webhook, item);
                        await hotels.MarkDeliveredAsync(HotelId, item.Cursor);
                    }
                }
            }
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Webhook delivery for hotel {HotelId} stopped; the timer resumes it.", HotelId);
        }
        finally
        {
            _running = false;
        }
    }

    private async Task DeliverWithRetryAsync(HotelWebhook webhook, FeedItem item)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(item, Json);
        var signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(webhook.Secret), body));
        var backoff = TimeSpan.FromMilliseconds(250);
        for (var attempt = 1; ; attempt++)
        {
            if (await TryPostAsync(webhook.Url, body, signature))
            {
                return;
            }

            logger.LogInformation("Webhook for hotel {HotelId} refused item {Cursor} (attempt {Attempt}); retrying in {Backoff}.", HotelId, item.Cursor, attempt, backoff);
            await Task.Delay(backoff);
            backoff = backoff * 2 < MaxBackoff ? backoff * 2 : MaxBackoff;
        }
    }

    private async Task<bool> TryPostAsync(string url, byte[] body, string signature)
    {
        try
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
            request.Headers.Add(SignatureHeader, signature);
            using var response = await httpClients.CreateClient(nameof(WebhookGrain)).SendAsync(request);
            return response.IsSuccessStatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}
