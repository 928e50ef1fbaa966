using System.Text.Json;
using ContactTrace.Bench.Api;

namespace ContactTrace.Bench.Commands.Soak;

/// <summary>
/// The hotels' front desks. Every <see cref="Round"/> each hotel's feed is read on from where it was left (admin key,
/// page by page), and every centralized isolation placed there is checked in once the city's clock
/// (<see cref="LiveScans.SimulatedNow"/>) has run <c>--check-in-after</c> past the moment the desk first read it
/// (a round after its placement at most),
/// stating the city's clock as the arrival — a check-in entered after the fact, as the API allows. So a close
/// contact's own window closes in the city's time, a few hours after their case was reported, as it does in a city
/// whose transfers work; without the desks it stays open for the whole soak, because the soak sends days of scans in
/// minutes and the host's own clock is past all of them. An assignment that is no longer assigned when its turn comes
/// (superseded, converted to a case) is passed over.
/// </summary>
internal sealed class HotelDesks(TracingClient admin, IReadOnlyList<string> hotelIds, LiveScans scans, TimeSpan checkInAfter, RequestMeter meter)
{
    private const int PageSize = 500;
    private const string CentralizedIsolation = "centralized-isolation";
    private const string Assigned = "assigned";
    private static readonly TimeSpan Round = TimeSpan.FromSeconds(10);

    private readonly Dictionary<string, string?> _cursors = hotelIds.ToDictionary(h => h, _ => (string?)null, StringComparer.Ordinal);
    private readonly Queue<(string AssignmentId, DateTimeOffset ArrivesAt)> _arriving = new();
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    /// <summary>Guests checked in.</summary>
    public int CheckedIn { get; private set; }

    /// <summary>Assignments that were no longer assigned when their turn came (the host answered 409).</summary>
    public int PassedOver { get; private set; }

    /// <summary>Feed reads and check-ins that failed otherwise, each tried again next round (the meter has the check-ins' answers).</summary>
    public int Failed { get; private set; }

    public async Task RunAsync(CancellationToken stop, CancellationToken abort)
    {
        using var timer = new PeriodicTimer(Round);
        try
        {
            do
            {
                await ReadFeedsAsync(stop);
                await CheckInArrivedAsync(stop, abort);
            }
            while (await timer.WaitForNextTickAsync(stop));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private async Task ReadFeedsAsync(CancellationToken stop)
    {
        foreach (var hotelId in hotelIds)
        {
            try
            {
                FeedPage page;
                do
                {
                    page = await admin.GetFeedAsync(hotelId, _cursors[hotelId], PageSize, stop);
                    foreach (var item in page.Items.Where(i => i.Kind == CentralizedIsolation && i.Status == Assigned && _seen.Add(i.AssignmentId)))
                    {
                        _arriving.Enqueue((item.AssignmentId, scans.SimulatedNow + checkInAfter));
                    }

                    if (page.Items.Count > 0)
                    {
                        _cursors[hotelId] = page.Items[^1].Cursor;
                    }
                }
                while (page.Next is not null);
            }
            catch (Exception e) when (e is ApiException or HttpRequestException or JsonException or InvalidOperationException
                || (e is TaskCanceledException && !stop.IsCancellationRequested))
            {
                // The next round reads on from the same cursor.
                Failed++;
            }
        }
    }

    // Those whose time has come, in the order they were seen; the arrival stated is the city's clock now, which is
    // never before the exposure the isolation counts from (no scan after it has been sent yet).
    private async Task CheckInArrivedAsync(CancellationToken stop, CancellationToken abort)
    {
        while (!stop.IsCancellationRequested && _arriving.TryPeek(out var next) && next.ArrivesAt <= scans.SimulatedNow)
        {
            _arriving.Dequeue();
            try
            {
                await meter.TimeAsync(RequestKind.CheckInPost, async () =>
                {
                    await admin.CheckInAsync(next.AssignmentId, scans.SimulatedNow, abort);
                    return true;
                }, abort);
                CheckedIn++;
            }
            catch (ApiException e) when (e.Status == System.Net.HttpStatusCode.Conflict)
            {
                PassedOver++;
            }
            catch (ApiException e) when ((int)e.Status is >= 400 and < 500)
            {
                // Refused for good (the answer names why): counted, not tried again.
                Failed++;
            }
            catch (Exception e) when (RequestMeter.IsAnswer(e, abort))
            {
                // No answer, or one that may pass (503): the guest is still at the desk, tried again next round.
                Failed++;
                _arriving.Enqueue(next);
                return;
            }
        }
    }
}
