namespace ContactTrace.Tracing;

/// <summary>
/// A contact of a case as the contacts list shows it: the finding, the person's assignment from this case, and the
/// case the person later became, if they did (they stay in the list, counted in their category), and for a close
/// contact the window over which their own contacts were sought.
/// </summary>
public sealed record class ContactItem(ContactFinding Finding, Assignment? Assignment, string? BecameCaseId = null, ContactWindow? Sought = null);
