namespace ContactTrace.Tracing;

/// <summary>
/// Which persons a trace reached are cases. A person who was a case before this case's trace first found them is
/// never its contact (<see cref="NotContacts"/>); one it had already found keeps their place and is marked as having
/// become a case (<see cref="BecameCases"/>), so the case's list and counts never silently shrink.
/// </summary>
public sealed record class CasePersons(IReadOnlySet<string> NotContacts, IReadOnlySet<string> BecameCases)
{
    public static CasePersons None { get; } = new(new HashSet<string>(), new HashSet<string>());
}
