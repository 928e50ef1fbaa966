using System.IO.Hashing;
using System.Text;

namespace ContactTrace.Oracle;

/// <summary>
/// The scan table's 64-bit index keys: XXH3 of the id's UTF-8 bytes (see the 0003_scans migration). The oracle
/// computes them only to reach the same (person_key, scanned_at) and (venue_key, scanned_at) indexes a hand-written
/// job would use; every lookup also compares the text id, so a collision never returns another person's rows.
/// </summary>
public static class OracleKeys
{
    public static long Of(string id) => unchecked((long)XxHash3.HashToUInt64(Encoding.UTF8.GetBytes(id)));
}
