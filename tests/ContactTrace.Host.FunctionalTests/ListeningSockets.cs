using System.Globalization;
using System.Net.Sockets;

namespace ContactTrace.Host.FunctionalTests;

/// <summary>
/// The TCP sockets this process listens on, read from Linux's <c>/proc/net/tcp{,6}</c> and matched to this
/// process's file descriptors by inode: which ports are open, and on which address.
/// </summary>
internal static class ListeningSockets
{
    private const string Listen = "0A";

    public static IReadOnlyList<IPEndPoint> OfThisProcess()
    {
        var inodes = Directory.EnumerateFiles("/proc/self/fd")
            .Select(fd => new FileInfo(fd).LinkTarget)
            .OfType<string>()
            .Where(target => target.StartsWith("socket:[", StringComparison.Ordinal))
            .Select(target => target["socket:[".Length..^1])
            .ToHashSet(StringComparer.Ordinal);
        return [.. Read("/proc/net/tcp", AddressFamily.InterNetwork, inodes), .. Read("/proc/net/tcp6", AddressFamily.InterNetworkV6, inodes)];
    }

    private static IEnumerable<IPEndPoint> Read(string table, AddressFamily family, HashSet<string> inodes)
    {
        foreach (var line in File.ReadLines(table).Skip(1))
        {
            // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields[3] == Listen && inodes.Contains(fields[9]))
            {
                yield return Parse(fields[1], family);
            }
        }
    }

    // "0100007F:2B67": the address as the kernel stores it (32-bit words in host order), then the port in hex.
    private static IPEndPoint Parse(string text, AddressFamily family)
    {
        var (address, port) = (text[..text.IndexOf(':')], text[(text.IndexOf(':') + 1)..]);
        var bytes = new byte[family == AddressFamily.InterNetwork ? 4 : 16];
        for (var word = 0; word < bytes.Length / 4; word++)
        {
            var value = uint.Parse(address.AsSpan(word * 8, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            BitConverter.TryWriteBytes(bytes.AsSpan(word * 4, 4), value);
        }

        return new IPEndPoint(new IPAddress(bytes), int.Parse(port, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
    }
}
