namespace ContactTrace.Host.Screening;

/// <summary>
/// Hears the screening stores' changes (every silo hears every change) and wakes the scheduler and the health-code
/// readers of this silo.
/// </summary>
public sealed class ScreeningListener(IChangeNotifications notifications, ScreeningSignals signals) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(
            notifications.ListenAsync(ChangeChannel.ScreeningWork, _ => signals.Work.Signal(), stoppingToken),
            notifications.ListenAsync(ChangeChannel.HealthCodes, _ => signals.Codes.Signal(), stoppingToken));
}
