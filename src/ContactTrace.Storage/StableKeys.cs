using System.IO.Hashing;
using System.Text;

namespace ContactTrace.Storage;

/// <summary>
/// 64-bit keys for the scan table's indexes: a fixed-width int8 btree costs far less per insert than a text one.
/// The hash is XXH3, stable across processes and versions, so keys written by one silo match every other's.
/// </summary>
public static class StableKeys
{
    public static long Of(string id)
    {
        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(Math.Min(id.Length, 256))];
        if (id.Length > 256)
        {
            return unchecked((long)XxHash3.HashToUInt64(Encoding.UTF8.GetBytes(id)));
        }

        var length = Encoding.UTF8.GetBytes(id, utf8);
        return unchecked((long)XxHash3.HashToUInt64(utf8[..length]));
    }
}
