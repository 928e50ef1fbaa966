using System.Net;
using System.Net.Sockets;

namespace ContactTrace.TestSupport;

/// <summary>
/// Loopback ports nobody listens on right now, so that silos, hosts and servers of parallel tests and benchmarks do
/// not collide: the functional and fault tests, the benchmark's stacks and the throwaway PostgreSQL all take theirs here.
/// </summary>
public static class FreePorts
{
    public static int Next() => Take(1)[0];

    /// <summary>Several at once: every listener is held until all ports are chosen, so no port is handed out twice.</summary>
    public static int[] Take(int count)
    {
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
