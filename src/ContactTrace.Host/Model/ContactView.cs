using ContactTrace.Tracing;

namespace ContactTrace.Host.Model;

/// <summary>One item of a case's contacts: one per person, its most severe category, evidence and assignment.</summary>
public sealed record class ContactView(
    string PersonId, int Tier, string Category, DateTimeOffset FirstExposure, DateTimeOffset LastExposure,
    ImmutableArray<ExposureView> Exposures, AssignmentView? Assignment)
{
    public static ContactView From(ContactItem item) => new(
        item.Finding.PersonId, item.Finding.Tier, item.Finding.Category, item.Finding.FirstExposure, item.Finding.LastExposure,
        [.. item.Finding.Exposures.Select(ExposureView.Of)],
        item.Assignment is { } a ? AssignmentView.Of(a) : null);
}
