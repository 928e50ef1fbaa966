using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ContactTrace.FaultTests;

/// <summary>
/// A hotel's webhook endpoint on a real Kestrel socket on a free loopback port: it records every POST it receives
/// (in arrival order, body and signature) and answers 200 after a short think, like a hotel system storing it.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TimeSpan _think;
    private readonly ConcurrentQueue<Delivery> _deliveries = new();
    private int _sequence;

    private WebhookReceiver(TimeSpan think)
    {
        _think = think;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{FreePorts.Next()}");
        _app = builder.Build();
        _app.Run(ReceiveAsync);
    }

    public string Url => $"{_app.Urls.Single()}/hook";

    /// <summary>Every request received, in arrival order.</summary>
    public IReadOnlyList<Delivery> Deliveries => [.. _deliveries.OrderBy(d => d.Sequence)];

    public int DistinctCursors => _deliveries.Select(d => d.Cursor).Distinct().Count();

    public static async Task<WebhookReceiver> StartAsync(TimeSpan think, CancellationToken ct)
    {
        var receiver = new WebhookReceiver(think);
        await receiver._app.StartAsync(ct);
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var bytes = body.ToArray();
        long cursor;
        try
        {
            cursor = JsonDocument.Parse(bytes).RootElement.GetProperty("cursor").GetInt64();
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            cursor = -1;
        }

        _deliveries.Enqueue(new Delivery(Interlocked.Increment(ref _sequence), cursor, context.Request.Headers["X-ContactTrace-Signature"].ToString(), bytes));
        await Task.Delay(_think, context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    public sealed record class Delivery(int Sequence, long Cursor, string Signature, byte[] Body);
}
