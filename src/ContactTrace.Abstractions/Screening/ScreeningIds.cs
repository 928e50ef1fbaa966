using System.Security.Cryptography;
using System.Text;

namespace ContactTrace.Screening;

/// <summary>
/// Ids derived from what they name, so that a retry makes the very same one: the case a positive result makes,
/// the zone a case proposes.
/// </summary>
public static class ScreeningIds
{
    private const string CasePrefix = "t:";

    /// <summary><c>t:</c> and the test id; a test id too long for that keeps its first 45 characters and a hash of the whole.</summary>
    public static string CaseForTest(string testId) =>
        CasePrefix.Length + testId.Length <= Ids.MaxLength ? CasePrefix + testId : $"{CasePrefix}{testId[..45]}.{Hash(testId)}";

    public static string ZoneForCase(string compoundId, string caseId) => $"z-{Hash($"{compoundId}\n{caseId}")}";

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 8));
}
