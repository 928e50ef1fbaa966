using System.Net;
using System.Net.Sockets;

namespace ContactTrace.Bench.Hosting;

/// <summary>Loopback ports nobody listens on right now, for the host's HTTP, silo and gateway endpoints.</summary>
internal static class FreePorts
{
    public static int[] Take(int count)
    {
        // Hold every listener until all ports are chosen, so that the same port is not handed out twice.
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }
}
