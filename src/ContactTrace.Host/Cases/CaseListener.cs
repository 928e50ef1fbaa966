namespace ContactTrace.Host.Cases;

/// <summary>Hears that cases changed (every silo hears every change) and wakes the case streams of this silo.</summary>
public sealed class CaseListener(IChangeNotifications notifications, CaseSignals signals) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        notifications.ListenAsync(ChangeChannel.Cases, _ => signals.Signal(), stoppingToken);
}
