using System.Runtime.InteropServices;

namespace ContactTrace.Bench.Cli;

/// <summary>
/// Turns the first Ctrl-C or SIGTERM into cancellation, so that commands reach their <c>finally</c> and stop the
/// host and PostgreSQL they started. A second Ctrl-C ends the process at once.
/// </summary>
internal sealed class Shutdown : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;

    public Shutdown()
    {
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    public CancellationToken Token => _cancellation.Token;

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
        _cancellation.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (_cancellation.IsCancellationRequested)
        {
            return;
        }

        context.Cancel = true;
        Console.Error.WriteLine($"{context.Signal}: stopping and cleaning up (Ctrl-C again to abort at once)…");
        _cancellation.Cancel();
    }
}
