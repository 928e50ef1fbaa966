using System.Net;
using System.Net.Sockets;

namespace ContactTrace.Host.Hotels;

/// <summary>
/// Which addresses a webhook may reach (public unicast only), and the socket connection every delivery makes:
/// the target's name resolved once, every address it resolves to checked, and the connection made to those checked
/// addresses — never to a name resolved again later — so that DNS rebinding cannot swap in an internal address.
/// </summary>
public sealed class WebhookTargets(Microsoft.Extensions.Options.IOptions<WebhookOptions> options)
{
    private static readonly (IPAddress Network, int Bits, string Kind)[] Refused =
    [
        (IPAddress.Parse("0.0.0.0"), 8, "this network"),
        (IPAddress.Parse("10.0.0.0"), 8, "private"),
        (IPAddress.Parse("100.64.0.0"), 10, "carrier-grade NAT"),
        (IPAddress.Parse("127.0.0.0"), 8, "loopback"),
        (IPAddress.Parse("169.254.0.0"), 16, "link-local (cloud metadata)"),
        (IPAddress.Parse("172.16.0.0"), 12, "private"),
        (IPAddress.Parse("192.0.0.0"), 24, "IETF protocol assignments"),
        (IPAddress.Parse("192.168.0.0"), 16, "private"),
        (IPAddress.Parse("198.18.0.0"), 15, "benchmarking"),
        (IPAddress.Parse("224.0.0.0"), 4, "multicast"),
        (IPAddress.Parse("240.0.0.0"), 4, "reserved"),
        (IPAddress.Parse("::"), 128, "unspecified"),
        (IPAddress.Parse("::1"), 128, "loopback"),
        (IPAddress.Parse("fc00::"), 7, "unique-local (cloud metadata)"),
        (IPAddress.Parse("fe80::"), 10, "link-local"),
        (IPAddress.Parse("fec0::"), 10, "site-local"),
        (IPAddress.Parse("ff00::"), 8, "multicast"),
    ];

    /// <summary>Why a webhook may not reach <paramref name="address"/>, or null when it may (a public address).</summary>
    public static string? WhyRefused(IPAddress address)
    {
        if (Embedded(address) is { } inner)
        {
            return WhyRefused(inner);
        }

        foreach (var (network, bits, kind) in Refused)
        {
            if (network.AddressFamily == address.AddressFamily && InNetwork(address, network, bits))
            {
                return $"{address} is {kind}";
            }
        }

        return null;
    }

    /// <summary>What is wrong with a webhook URL as registered, or null; addresses behind names are checked when connecting.</summary>
    public string? WhyRefused(Uri url)
    {
        if (url.Scheme != Uri.UriSchemeHttps && !(url.Scheme == Uri.UriSchemeHttp && options.Value.AllowHttp))
        {
            return options.Value.AllowHttp ? "must be an http or https URL" : "must be an https URL";
        }

        if (url.UserInfo.Length > 0)
        {
            return "must not carry credentials; the secret signs each body";
        }

        if (options.Value.AllowPrivateTargets)
        {
            return null;
        }

        // Uri reads every IPv4 spelling (2130706433, 0x7f.1, 0177.0.0.1) as the address it means.
        if (url.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && IPAddress.TryParse(url.IdnHost, out var literal))
        {
            return WhyRefused(literal) is { } reason ? $"must not point into this service's network: {reason}" : null;
        }

        var host = url.IdnHost.TrimEnd('.');
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            ? "must not point into this service's network: localhost"
            : null;
    }

    /// <summary>The <see cref="SocketsHttpHandler.ConnectCallback"/> of webhook deliveries.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var target = context.DnsEndPoint;
        var addresses = IPAddress.TryParse(target.Host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(target.Host, cancellationToken);
        if (!options.Value.AllowPrivateTargets && addresses.Select(WhyRefused).FirstOrDefault(r => r is not null) is { } reason)
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError, $"webhook target refused: {reason}");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, target.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    // An IPv4 address carried inside an IPv6 one: mapped (::ffff:a.b.c.d), compatible (::a.b.c.d), NAT64 (64:ff9b::/96), 6to4 (2002::/16).
    private static IPAddress? Embedded(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        var bytes = address.GetAddressBytes();
        if (bytes.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 && !IPAddress.IPv6Loopback.Equals(address) && !IPAddress.IPv6Any.Equals(address)
            || bytes.AsSpan(0, 12).SequenceEqual((byte[])[0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0]))
        {
            return new IPAddress(bytes.AsSpan(12, 4));
        }

        return bytes[0] == 0x20 && bytes[1] == 0x02 ? new IPAddress(bytes.AsSpan(2, 4)) : null;
    }

    private static bool InNetwork(IPAddress address, IPAddress network, int bits)
    {
        var (a, n) = (address.GetAddressBytes(), network.GetAddressBytes());
        for (var i = 0; i < a.Length && bits > 0; i++, bits -= 8)
        {
            var mask = bits >= 8 ? 0xff : (byte)(0xff << (8 - bits));
            if ((a[i] & mask) != (n[i] & mask))
            {
                return false;
            }
        }

        return true;
    }
}
