using System.Security.Claims;
using ContactTrace.Access;

namespace ContactTrace.Host.Auth;

/// <summary>
/// Records every read of personal data in the append-only audit log: the key, the endpoint, whose data — every
/// person named, however many (the store keeps large lists in chunks), so that each one is found by subject.
/// </summary>
public sealed class AuditTrail(IAccessStore access)
{
    public Task RecordAsync(ClaimsPrincipal user, string endpoint, IEnumerable<string> subjects) =>
        access.AppendAuditAsync(user.KeyId(), endpoint, [.. subjects.Distinct(StringComparer.Ordinal)]);
}
