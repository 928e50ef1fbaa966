using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ContactTrace.TestSupport;

/// <summary>
/// A hotel's webhook endpoint on a real Kestrel socket on a loopback port (the host delivers over the network, not
/// through a test server). It records every request it gets — in arrival order, on which connection (each host's HTTP
/// client keeps its own), its body and signature, and what it answered. It is down — 503 to everything — for
/// <c>outage</c> after the first request reaches it, then answers 200 after <c>think</c> (like a hotel system storing
/// the item); started with <c>redirectTo</c>, it answers every request with a 307 to that URL instead.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TimeSpan _outage;
    private readonly TimeSpan _think;
    private readonly string? _redirectTo;
    private readonly ConcurrentQueue<Delivery> _deliveries = new();
    private readonly Stopwatch _sinceFirst = new();
    private readonly Lock _gate = new();
    private int _sequence;

    private WebhookReceiver(TimeSpan outage, string? redirectTo, TimeSpan think)
    {
        (_outage, _redirectTo, _think) = (outage, redirectTo, think);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Urls.Add("http://127.0.0.1:0");
        _app.Run(ReceiveAsync);
    }

    public string Url => $"{_app.Urls.Single()}/hook";

    /// <summary>Every request received, in arrival order.</summary>
    public IReadOnlyList<Delivery> Deliveries => [.. _deliveries.OrderBy(d => d.Sequence)];

    public IReadOnlyList<Delivery> Accepted => [.. Deliveries.Where(d => d.AnsweredWith == StatusCodes.Status200OK)];

    /// <summary>How many feed items (by cursor) reached it, however often each.</summary>
    public int DistinctCursors => _deliveries.Select(d => d.Cursor).Distinct().Count();

    public TimeSpan SinceFirstRequest => _sinceFirst.Elapsed;

    public static async Task<WebhookReceiver> StartAsync(
        TimeSpan outage = default, string? redirectTo = null, TimeSpan think = default, CancellationToken cancellationToken = default)
    {
        var receiver = new WebhookReceiver(outage, redirectTo, think);
        await receiver._app.StartAsync(cancellationToken);
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
        int status;
        int sequence;
        lock (_gate)
        {
            if (!_sinceFirst.IsRunning)
            {
                _sinceFirst.Start();
            }

            sequence = ++_sequence;
            status = _redirectTo is not null ? StatusCodes.Status307TemporaryRedirect
                : _sinceFirst.Elapsed < _outage ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        }

        if (_redirectTo is not null)
        {
            context.Response.Headers.Location = _redirectTo;
        }

        _deliveries.Enqueue(new Delivery(
            sequence,
            _sinceFirst.Elapsed,
            context.Connection.Id,
            context.Request.Method,
            context.Request.Path.Value ?? "",
            context.Request.ContentType,
            context.Request.Headers["X-ContactTrace-Signature"].ToString(),
            body.ToArray(),
            status));
        if (status == StatusCodes.Status200OK && _think > TimeSpan.Zero)
        {
            await Task.Delay(_think, context.RequestAborted);
        }

        context.Response.StatusCode = status;
    }

    public sealed record class Delivery(
        int Sequence, TimeSpan At, string ConnectionId, string Method, string Path, string? ContentType, string Signature, byte[] Body, int AnsweredWith)
    {
        /// <summary>The feed item's cursor, or -1 when the body is not one.</summary>
        public long Cursor
        {
            get
            {
                try
                {
                    return JsonDocument.Parse(Body).RootElement.GetProperty("cursor").GetInt64();
                }
                catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
                {
                    return -1;
                }
            }
        }
    }
}
