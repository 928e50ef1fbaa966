using ContactTrace.Tracing;

namespace ContactTrace.Host.Model;

/// <summary>
/// One item of a case's contacts: one per person, its most severe category, evidence (<c>evidenceCount</c> items in
/// all, the earliest and the latest of them listed) and assignment; <c>becameCaseId</c> when the contact has since
/// become a case — they stay in the list, counted in their category; for a close contact, <c>contactsSought</c>.
/// </summary>
public sealed record class ContactView(
    string PersonId, int Tier, string Category, DateTimeOffset FirstExposure, DateTimeOffset LastExposure,
    ImmutableArray<ExposureView> Exposures, AssignmentView? Assignment, int EvidenceCount, string? BecameCaseId, ContactWindowView? ContactsSought)
{
    public static ContactView From(ContactItem item) => new(
        item.Finding.PersonId, item.Finding.Tier, item.Finding.Category, item.Finding.FirstExposure, item.Finding.LastExposure,
        [.. item.Finding.Exposures.Select(ExposureView.Of)],
        item.Assignment is { } a ? AssignmentView.Of(a) : null,
        item.Finding.TotalEvidence,
        item.BecameCaseId,
        item.Sought is { } w ? new ContactWindowView(w.From, w.Until, w.Reason) : null);
}

/// <summary>
/// For a close contact, the window over which their own contacts were sought: from their first exposure until they were
/// isolated (<c>reason</c> <c>check-in</c>, <c>home-isolation</c>, <c>case</c>), or still open (<c>until</c> null, <c>reason</c> <c>open</c>).
/// </summary>
public sealed record class ContactWindowView(DateTimeOffset From, DateTimeOffset? Until, string Reason);
