using ContactTrace.Hotels;
using ContactTrace.Tracing;

namespace ContactTrace.Storage;

public sealed partial class InMemoryTraceStore
{
    public Task<LifecycleOutcome> CheckInAsync(string hotelId, string assignmentId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var outcome = Check(hotelId, assignmentId, a => a.Status == AssignmentStatuses.Assigned, a => a.Status == AssignmentStatuses.CheckedIn);
            if (outcome == LifecycleOutcome.Done)
            {
                _stays[assignmentId] = (at, null);
                Put(_assignments[assignmentId] with { Status = AssignmentStatuses.CheckedIn });
            }

            return Task.FromResult(outcome);
        }
    }

    public Task<LifecycleOutcome> CheckOutAsync(string hotelId, string assignmentId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var stay = _stays.GetValueOrDefault(assignmentId);
            var outcome = Check(hotelId, assignmentId,
                a => stay.Out is null && (a.Status == AssignmentStatuses.CheckedIn || (a.Status == AssignmentStatuses.ConvertedToCase && stay.In is not null)),
                a => a.Status is AssignmentStatuses.Released or AssignmentStatuses.ConvertedToCase);
            if (outcome == LifecycleOutcome.Done)
            {
                var current = _assignments[assignmentId];
                _stays[assignmentId] = (stay.In, at);
                if (current.Status == AssignmentStatuses.ConvertedToCase)
                {
                    AppendFeed(hotelId, current);
                }
                else
                {
                    Put(current with { Status = AssignmentStatuses.Released });
                }
            }

            return Task.FromResult(outcome);
        }
    }

    public Task<HotelWebhook?> GetWebhookAsync(string hotelId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_webhooks.GetValueOrDefault(hotelId));
        }
    }

    public Task SetWebhookAsync(string hotelId, string? url, string? secret, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (url is null)
            {
                _webhooks.Remove(hotelId);
            }
            else
            {
                _webhooks[hotelId] = new HotelWebhook(url, secret ?? "", _webhooks.GetValueOrDefault(hotelId)?.DeliveredCursor ?? 0);
            }
        }

        return Task.CompletedTask;
    }

    public Task MarkDeliveredAsync(string hotelId, long cursor, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_webhooks.TryGetValue(hotelId, out var webhook) && webhook.DeliveredCursor < cursor)
            {
                _webhooks[hotelId] = webhook with { DeliveredCursor = cursor };
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> GetWebhookHotelsAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<string> hotels = [.. _webhooks.Keys.Order(StringComparer.Ordinal)];
            return Task.FromResult(hotels);
        }
    }

    private LifecycleOutcome Check(string hotelId, string assignmentId, Func<Assignment, bool> allowed, Func<Assignment, bool> alreadyDone) =>
        _assignments.GetValueOrDefault(assignmentId) switch
        {
            null => LifecycleOutcome.NotFound,
            { HotelId: var hotel } when hotel != hotelId => LifecycleOutcome.NotAtThisHotel,
            var a when allowed(a) => LifecycleOutcome.Done,
            var a when alreadyDone(a) => LifecycleOutcome.AlreadyDone,
            _ => LifecycleOutcome.InvalidState,
        };
}
