using System.Security.Cryptography;
using System.Text;

namespace ContactTrace.Tracing;

/// <summary>
/// Assignment ids derived from what the assignment is, so that a re-run of a trace plans the very same ids and
/// its writes collide with (and skip) the first run's instead of duplicating them.
/// </summary>
public static class AssignmentIds
{
    public static string For(string personId, string caseId, string kind, DateTimeOffset start, DateTimeOffset end)
    {
        var text = $"{personId}\n{caseId}\n{kind}\n{start.UtcTicks}\n{end.UtcTicks}";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return "as-" + Convert.ToHexStringLower(hash.AsSpan(0, 12));
    }
}
