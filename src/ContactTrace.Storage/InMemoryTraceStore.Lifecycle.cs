using ContactTrace.Hotels;
using ContactTrace.Tracing;

namespace ContactTrace.Storage;

public sealed partial class InMemoryTraceStore
{
    public Task<LifecycleOutcome> CheckInAsync(string hotelId, string assignmentId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        StepAsync(current => AssignmentLifecycle.CheckIn(current, hotelId, at, DateTimeOffset.UtcNow), assignmentId);

    public Task<LifecycleOutcome> CheckOutAsync(string hotelId, string assignmentId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        StepAsync(current => AssignmentLifecycle.CheckOut(current, hotelId, at, DateTimeOffset.UtcNow), assignmentId);

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

    private Task<LifecycleOutcome> StepAsync(Func<AssignmentRecord?, LifecycleStep> rule, string assignmentId)
    {
        lock (_gate)
        {
            var step = rule(_assignments.GetValueOrDefault(assignmentId));
            if (step.Transition is { } transition)
            {
                Commit(transition);
            }

            return Task.FromResult(step.Outcome);
        }
    }
}
