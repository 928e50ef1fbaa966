using System.Globalization;

namespace ContactTrace.Host.FunctionalTests;

/// <summary>
/// A plain <c>text/event-stream</c> client: opens the stream (headers only, the body read as it arrives), and
/// returns one event at a time from its <c>id:</c> and <c>data:</c> lines, skipping comments such as keep-alives.
/// Disposing it drops the connection, as a client that goes away would.
/// </summary>
internal sealed class EventStreamReader : IAsyncDisposable
{
    private readonly CancellationTokenSource _connection;
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private EventStreamReader(CancellationTokenSource connection, HttpResponseMessage response, StreamReader reader)
    {
        _connection = connection;
        _response = response;
        _reader = reader;
    }

    public string? MediaType => _response.Content.Headers.ContentType?.MediaType;

    public static async Task<EventStreamReader> OpenAsync(HttpClient client, string path, string? lastEventId, CancellationToken cancellationToken)
    {
        var connection = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, connection.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync(connection.Token));
        return new EventStreamReader(connection, response, reader);
    }

    /// <summary>The next event, or a failed test when none arrives within <paramref name="timeout"/>.</summary>
    public async Task<ServerSentEvent> NextAsync(TimeSpan timeout)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_connection.Token);
        deadline.CancelAfter(timeout);
        string? id = null;
        var data = new List<string>();
        try
        {
            while (await _reader.ReadLineAsync(deadline.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (data.Count > 0)
                    {
                        Assert.NotNull(id);
                        return new ServerSentEvent(long.Parse(id, NumberStyles.None, CultureInfo.InvariantCulture), JsonDocument.Parse(string.Join('\n', data)).RootElement.Clone());
                    }

                    continue;
                }

                if (line.StartsWith("id:", StringComparison.Ordinal))
                {
                    id = line[3..].Trim();
                }
                else if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    data.Add(line[5..].TrimStart());
                }
            }
        }
        catch (OperationCanceledException) when (!_connection.IsCancellationRequested)
        {
            Assert.Fail($"No event arrived within {timeout.TotalSeconds:0} s.");
        }

        Assert.Fail("The server ended the event stream.");
        return null!;
    }

    /// <summary>Drops the connection mid-stream.</summary>
    public async ValueTask DisposeAsync()
    {
        await _connection.CancelAsync();
        _reader.Dispose();
        _response.Dispose();
        _connection.Dispose();
    }

    public sealed record class ServerSentEvent(long Id, JsonElement Data);
}
