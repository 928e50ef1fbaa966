using System.Threading.Channels;
using ContactTrace.Hotels;
using Microsoft.Extensions.Options;

namespace ContactTrace.Host.Hotels;

/// <summary>
/// Serves every server-sent event stream of a hotel on this silo from one feed reader: the reader reads the feed
/// once per change (from the position of the stream furthest behind, a page at a time) and hands each stream the
/// items past its own position, so that a thousand streams cost one query per change, not a thousand connections.
/// A stream that falls more than <see cref="Backlog"/> pages behind is ended; its client resumes with Last-Event-ID.
/// Also counts open streams per key, to refuse one too many.
/// </summary>
public sealed class FeedStreams(IHotelFeedStore feeds, FeedSignals signals, IOptions<StreamOptions> options, ILogger<FeedStreams> logger)
{
    public const int PageSize = 1000;
    private const int Backlog = 16;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(15);

    private readonly Dictionary<string, HotelReader> _readers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _openPerKey = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _reads;

    /// <summary>Feed reads made for streams since start: one per change and hotel, however many streams.</summary>
    internal long Reads => Interlocked.Read(ref _reads);

    /// <summary>Counts a stream for <paramref name="keyId"/>; null when the key already holds as many as allowed.</summary>
    public IDisposable? TryAdmit(string keyId)
    {
        lock (_gate)
        {
            var open = _openPerKey.GetValueOrDefault(keyId);
            if (open >= options.Value.MaxPerKey)
            {
                return null;
            }

            _openPerKey[keyId] = open + 1;
        }

        return new Admission(this, keyId);
    }

    /// <summary>The hotel's feed items after <paramref name="after"/>, page by page as they come; dispose to leave.</summary>
    public Subscription Subscribe(string hotelId, long after)
    {
        var subscription = new Subscription(this, hotelId, after);
        lock (_gate)
        {
            var isNew = !_readers.TryGetValue(hotelId, out var reader);
            if (isNew)
            {
                _readers[hotelId] = reader = new HotelReader(hotelId);
            }

            reader!.Subscribers.Add(subscription);
            if (isNew)
            {
                _ = Task.Run(() => ReadAsync(reader));
            }

            reader.Wake();
        }

        return subscription;
    }

    private void Leave(Subscription subscription)
    {
        lock (_gate)
        {
            if (_readers.TryGetValue(subscription.HotelId, out var reader) && reader.Subscribers.Remove(subscription) && reader.Subscribers.Count == 0)
            {
                _readers.Remove(subscription.HotelId);
                reader.Stop.Cancel();
            }
        }
    }

    private void Release(string keyId)
    {
        lock (_gate)
        {
            if (--_openPerKey[keyId] == 0)
            {
                _openPerKey.Remove(keyId);
            }
        }
    }

    private async Task ReadAsync(HotelReader reader)
    {
        var stop = reader.Stop.Token;
        while (!stop.IsCancellationRequested)
        {
            var grew = signals.WaitAsync(reader.HotelId);
            var woken = reader.Woken;
            try
            {
                Subscription[] subscribers;
                lock (_gate)
                {
                    subscribers = [.. reader.Subscribers];
                }

                if (subscribers.Length == 0)
                {
                    return;
                }

                var from = subscribers.Min(s => s.Position);
                var items = await feeds.ReadFeedAsync(reader.HotelId, from, PageSize, stop);
                Interlocked.Increment(ref _reads);
                foreach (var subscriber in subscribers)
                {
                    subscriber.Offer(items);
                }

                if (items.Count == PageSize)
                {
                    continue; // more backlog: read on at once
                }

                await Task.WhenAny(grew, woken, Task.Delay(PollInterval, stop));
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogWarning("Reading the feed of hotel {HotelId} for its streams failed ({Message}); retrying.", reader.HotelId, exception.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), stop).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private sealed class HotelReader(string hotelId)
    {
        private TaskCompletionSource _woken = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string HotelId { get; } = hotelId;

        public List<Subscription> Subscribers { get; } = [];

        public CancellationTokenSource Stop { get; } = new();

        public Task Woken => Volatile.Read(ref _woken).Task;

        public void Wake() => Interlocked.Exchange(ref _woken, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    private sealed class Admission(FeedStreams streams, string keyId) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                streams.Release(keyId);
            }
        }
    }

    /// <summary>One stream's place in its hotel's feed and the pages waiting for it.</summary>
    public sealed class Subscription : IDisposable
    {
        private readonly FeedStreams _streams;
        private readonly Channel<IReadOnlyList<FeedItem>> _pages = Channel.CreateBounded<IReadOnlyList<FeedItem>>(Backlog);
        private long _position;

        internal Subscription(FeedStreams streams, string hotelId, long after)
        {
            _streams = streams;
            HotelId = hotelId;
            _position = after;
        }

        public string HotelId { get; }

        /// <summary>Pages of items in feed order; completes when the stream fell too far behind.</summary>
        public ChannelReader<IReadOnlyList<FeedItem>> Pages => _pages.Reader;

        internal long Position => Interlocked.Read(ref _position);

        public void Dispose() => _streams.Leave(this);

        // Called by the reader only: the items past this stream's position, if any, as one page.
        internal void Offer(IReadOnlyList<FeedItem> items)
        {
            var position = Position;
            var start = 0;
            while (start < items.Count && items[start].Cursor <= position)
            {
                start++;
            }

            if (start == items.Count)
            {
                return;
            }

            if (_pages.Writer.TryWrite(start == 0 ? items : items.Skip(start).ToList()))
            {
                Interlocked.Exchange(ref _position, items[^1].Cursor);
            }
            else
            {
                _pages.Writer.TryComplete();
            }
        }
    }
}
