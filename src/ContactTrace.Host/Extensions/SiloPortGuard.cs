using System.Net;
using System.Net.Sockets;

namespace ContactTrace.Host.Extensions;

/// <summary>
/// Fails the start when the silo or gateway port is taken. Orleans binds its listeners with <c>ReuseAddress</c>,
/// which on Linux also sets <c>SO_REUSEPORT</c>: a second silo on a taken port would bind beside the first and
/// share its connections. Before the silo starts, this binds each port once without <c>SO_REUSEPORT</c> (but with
/// <c>SO_REUSEADDR</c>, so a restart over connections in TIME_WAIT still works): that fails while anyone listens.
/// Two silos starting in the same instant could still both pass; one port per silo is the operator's rule.
/// </summary>
internal sealed class SiloPortGuard(IPAddress address, int siloPort, int gatewayPort) : IHostedService
{
    private const int SolSocket = 1;
    private const int SoReuseAddr = 2;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        EnsureFree("Cluster:SiloPort", siloPort);
        if (gatewayPort > 0)
        {
            EnsureFree("Cluster:GatewayPort", gatewayPort);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void EnsureFree(string setting, int port)
    {
        using var probe = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (OperatingSystem.IsLinux())
        {
            probe.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(1));
        }
        else
        {
            probe.ExclusiveAddressUse = true;
        }

        try
        {
            probe.Bind(new IPEndPoint(address, port));
        }
        catch (SocketException exception) when (exception.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new InvalidOperationException(
                $"{setting} {port} on {address} is already in use (another silo?). Give every silo on this machine its own port.", exception);
        }
        catch (SocketException exception) when (exception.SocketErrorCode == SocketError.AddressNotAvailable)
        {
            throw new InvalidOperationException($"Cluster:AdvertisedAddress {address} is not an address of this machine.", exception);
        }
    }
}
