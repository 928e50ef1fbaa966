using System.Net;
using ContactTrace.Bench.Cli;

namespace ContactTrace.Bench.Api;

/// <summary>The bench only ever talks to a host on this machine: anything but a loopback http(s) URL is refused.</summary>
internal static class LoopbackUrl
{
    public static Uri Parse(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"--url '{text}' is not an http URL.");
        }

        var loopback = uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
        return loopback
            ? new Uri(uri.GetLeftPart(UriPartial.Authority) + "/")
            : throw new UsageException($"--url '{text}' is not on this machine; the bench only calls 127.0.0.1.");
    }
}
