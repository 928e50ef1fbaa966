using System.Net;
using System.Net.Sockets;

namespace ContactTrace.TestSupport;

/// <summary>Loopback ports nobody listens on, so that silos of parallel tests do not collide.</summary>
public static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
