using ContactTrace.Storage.Screening;

namespace ContactTrace.Storage;

/// <summary>
/// The embedded default's <see cref="IChangeNotifications"/>: the in-memory stores' events, the twins of
/// PostgreSQL's NOTIFY, heard for as long as a listener runs.
/// </summary>
public sealed class InMemoryNotifications(
    InMemoryDatabase database, InMemoryTracingQueries queries, InMemoryHealthCodeMarks marks, InMemoryHealthCodeStore codes) : IChangeNotifications
{
    public async Task ListenAsync(ChangeChannel channel, Action<string> notified, CancellationToken stoppingToken)
    {
        Action changed = () => notified("");
        Action<string> feed = hotelId => notified(hotelId);
        (Action Add, Action Remove) subscription = channel switch
        {
            ChangeChannel.HotelFeed => (() => database.FeedAppended += feed, () => database.FeedAppended -= feed),
            ChangeChannel.Cases => (() => queries.Changed += changed, () => queries.Changed -= changed),
            ChangeChannel.ScreeningWork => (() => marks.Marked += changed, () => marks.Marked -= changed),
            ChangeChannel.HealthCodes => (() => codes.FeedAppended += changed, () => codes.FeedAppended -= changed),
            _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, null),
        };
        subscription.Add();
        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        finally
        {
            subscription.Remove();
        }
    }
}
