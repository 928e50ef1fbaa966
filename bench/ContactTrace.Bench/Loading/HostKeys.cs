using System.IO.Hashing;
using System.Text;

namespace ContactTrace.Bench.Loading;

/// <summary>
/// The host's 64-bit keys (src/ContactTrace.Storage/StableKeys.cs): XXH3 of the id's UTF-8 bytes. Rows the bench
/// writes directly must carry exactly the keys the host would have computed, or the host's lookups miss them.
/// </summary>
internal static class HostKeys
{
    public static long Of(string id) => unchecked((long)XxHash3.HashToUInt64(Encoding.UTF8.GetBytes(id)));

    /// <summary>ContactRows.ExposureKey: the evidence's identity within (case, person).</summary>
    public static long Exposure(string kind, string? venueId, string? viaPersonId, string? setting, DateTimeOffset from, DateTimeOffset until) =>
        Of($"{kind}|{venueId}|{viaPersonId}|{setting}|{from.UtcTicks}|{until.UtcTicks}");
}
