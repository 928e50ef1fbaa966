using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ContactTrace.Host.FunctionalTests;

/// <summary>
/// A hotel's webhook endpoint on a real Kestrel socket (the host delivers over the network, not through the test
/// server). It is down — 503 to everything — for <c>outage</c> after the first request reaches it, then answers 200.
/// It records every request it got, on which connection (each host's HTTP client keeps its own), and what it answered.
/// Started with <c>redirectTo</c>, it answers every request with a 307 to that URL instead.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TimeSpan _outage;
    private readonly ConcurrentQueue<Delivery> _deliveries = new();
    private readonly Stopwatch _sinceFirst = new();
    private readonly Lock _gate = new();

    private readonly string? _redirectTo;

    private WebhookReceiver(TimeSpan outage, string? redirectTo)
    {
        _outage = outage;
        _redirectTo = redirectTo;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Urls.Add("http://127.0.0.1:0");
        _app.Run(ReceiveAsync);
    }

    public string Url => $"{_app.Urls.Single()}/hook";

    public IReadOnlyList<Delivery> Deliveries => [.. _deliveries];

    public IReadOnlyList<Delivery> Accepted => [.. _deliveries.Where(d => d.AnsweredWith == StatusCodes.Status200OK)];

    public TimeSpan SinceFirstRequest => _sinceFirst.Elapsed;

    public static async Task<WebhookReceiver> StartAsync(TimeSpan outage, string? redirectTo = null)
    {
        var receiver = new WebhookReceiver(outage, redirectTo);
        await receiver._app.StartAsync(TestContext.Current.CancellationToken);
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
        lock (_gate)
        {
            if (!_sinceFirst.IsRunning)
            {
                _sinceFirst.Start();
            }

            status = _redirectTo is not null ? StatusCodes.Status307TemporaryRedirect
                : _sinceFirst.Elapsed < _outage ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        }

        if (_redirectTo is not null)
        {
            context.Response.Headers.Location = _redirectTo;
        }

        _deliveries.Enqueue(new Delivery(
            _sinceFirst.Elapsed,
            context.Connection.Id,
            context.Request.Method,
            context.Request.Path.Value ?? "",
            context.Request.ContentType,
            context.Request.Headers["X-ContactTrace-Signature"].ToString(),
            body.ToArray(),
            status));
        context.Response.StatusCode = status;
    }

    public sealed record class Delivery(TimeSpan At, string ConnectionId, string Method, string Path, string? ContentType, string Signature, byte[] Body, int AnsweredWith);
}
