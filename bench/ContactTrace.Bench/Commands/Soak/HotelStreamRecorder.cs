using ContactTrace.Bench.Api;

namespace ContactTrace.Bench.Commands.Soak;

/// <summary>
/// A hotel system on the event stream for the whole soak, with the hotel's own key: every item in arrival order.
/// When the stream ends or fails it reconnects after a second with <c>Last-Event-ID</c> (the last cursor seen), as
/// an SSE client does, and counts the reconnection; so the items must equal the paged feed, none missed or twice.
/// </summary>
internal sealed class HotelStreamRecorder(TracingClient hotelClient, string hotelId)
{
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(1);
    private readonly List<FeedEntry> _items = [];
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Reconnections { get; private set; }

    public string? LastFailure { get; private set; }

    /// <summary>Completes once the stream was first opened.</summary>
    public Task Connected => _connected.Task;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _items.Count;
            }
        }
    }

    public IReadOnlyList<FeedEntry> Items()
    {
        lock (_lock)
        {
            return [.. _items];
        }
    }

    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                string? last;
                lock (_lock)
                {
                    last = _items.Count == 0 ? null : _items[^1].Cursor;
                }

                await AssignmentStream.ReadAsync(hotelClient, hotelId, last, Add, () => _connected.TrySetResult(), stop);
                LastFailure = "the host closed the stream";
            }
            catch (Exception e) when (!stop.IsCancellationRequested && e is HttpRequestException or IOException or ApiException or TaskCanceledException)
            {
                LastFailure = e.Message;
            }
            catch (Exception e) when (stop.IsCancellationRequested && e is OperationCanceledException or IOException or HttpRequestException)
            {
                return;
            }

            Reconnections++;
            try
            {
                await Task.Delay(ReconnectDelay, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Add(FeedEntry item)
    {
        lock (_lock)
        {
            _items.Add(item);
        }
    }
}
