namespace ContactTrace;

/// <summary>
/// What the stores announce when they change, whichever silo changed them (PostgreSQL: NOTIFY, heard by every silo;
/// the embedded default: the in-memory stores' events). Listeners wake their streams and schedulers on it; they
/// also poll, so a notification missed while a connection was down delays them, never loses anything.
/// </summary>
public interface IChangeNotifications
{
    /// <summary>
    /// Calls <paramref name="notified"/> for every change on <paramref name="channel"/> (with the hotel's id for
    /// <see cref="ChangeChannel.HotelFeed"/>) until <paramref name="stoppingToken"/> stops it.
    /// </summary>
    Task ListenAsync(ChangeChannel channel, Action<string> notified, CancellationToken stoppingToken);
}

/// <summary>The kinds of change the stores announce.</summary>
public enum ChangeChannel
{
    /// <summary>A hotel's feed grew; the notification names the hotel.</summary>
    HotelFeed,

    /// <summary>Cases changed: reported, traced, merged, withdrawn.</summary>
    Cases,

    /// <summary>Persons were marked for a new health code, or cases queued for a follow-up.</summary>
    ScreeningWork,

    /// <summary>The health-code feed grew.</summary>
    HealthCodes,
}
