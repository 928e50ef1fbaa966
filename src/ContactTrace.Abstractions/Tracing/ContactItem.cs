namespace ContactTrace.Tracing;

/// <summary>
/// A contact of a case as the contacts list shows it: the finding, the person's assignment from this case, and the
/// case the person later became, if they did (they stay in the list, counted in their category), and for a close
/// contact the window over which their own contacts were sought.
/// </summary>
public sealed record class ContactItem(ContactFinding Finding, Assignment? Assignment, string? BecameCaseId = null, ContactWindow? Sought = null)
{
    /// <summary>The assignment a contact list shows: the person's running measure (any case), else this case's latest.</summary>
    public static Assignment? CurrentAssignment(IReadOnlyList<Assignment> assignments, string caseId) =>
        assignments.Where(a => AssignmentLifecycle.IsActive(a.Status)).OrderBy(a => a.Start).FirstOrDefault()
        ?? assignments.Where(a => a.CaseId == caseId).OrderByDescending(a => a.End).FirstOrDefault();
}
