namespace ContactTrace.Tracing;

/// <summary>A contact of a case as the contacts list shows it: the finding and the person's assignment from this case.</summary>
public sealed record class ContactItem(ContactFinding Finding, Assignment? Assignment);
