using System.Security.Claims;
using ContactTrace.Access;

namespace ContactTrace.Host.Auth;

/// <summary>
/// Records every read of personal data in the append-only audit log: the key, the endpoint, whose data. The list
/// of subjects is capped; a read of a whole case's contacts names the case instead of every person.
/// </summary>
public sealed class AuditTrail(IAccessStore access)
{
    public const int MaxSubjects = 1000;

    public Task RecordAsync(ClaimsPrincipal user, string endpoint, IEnumerable<string> subjects) =>
        access.AppendAuditAsync(user.KeyId(), endpoint, [.. subjects.Distinct(StringComparer.Ordinal).Take(MaxSubjects)]);
}
