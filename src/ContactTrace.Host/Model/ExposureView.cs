using ContactTrace.Tracing;

namespace ContactTrace.Host.Model;

/// <summary>
/// One piece of evidence. A venue exposure is one visit of the person's: <c>from</c>–<c>until</c> spans its overlap
/// with the <c>sourceCount</c> presence intervals it overlapped, <c>source</c> the first of them (the case's own, or
/// for tier 2 the close contact's, whose person is <c>viaPersonId</c>), <c>visitFrom</c> when the person arrived.
/// </summary>
public sealed record class ExposureView(
    string Kind, string? VenueId, DateTimeOffset From, DateTimeOffset Until, string? ViaPersonId, string? Setting,
    int SourceCount, SourceView? Source, DateTimeOffset? VisitFrom)
{
    public static ExposureView Of(Exposure e) => new(e.Kind, e.VenueId, e.From, e.Until, e.ViaPersonId, e.Setting, e.SourceCount,
        e.Source is { } s ? new SourceView(s.PersonId, s.VenueId, s.From, s.Until) : null, e.VisitFrom);
}

/// <summary>A presence interval the exposure overlapped: whose, where, when.</summary>
public sealed record class SourceView(string PersonId, string VenueId, DateTimeOffset From, DateTimeOffset Until);
