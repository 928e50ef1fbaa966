namespace ContactTrace.Host.Model;

/// <summary>
/// The body of <c>POST /api/cases/{caseId}/contacts</c>. <see cref="District"/> is read only for a person nobody
/// registered yet: with it the person is registered (like <c>POST /api/cases</c> does for its person), without it
/// the contact is refused naming <c>personId</c>.
/// </summary>
public sealed record class ReportedContactInput(string? PersonId, string? At, string? Until, string? Setting, string? Note, string? District = null);
