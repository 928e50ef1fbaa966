namespace ContactTrace.Host.Model;

/// <summary>
/// An edge of the chain. Between two cases, <c>at</c>, <c>venueId</c> and <c>viaPersonId</c> are the linking
/// exposure's (the earliest), and <c>evidence</c> is all of it; from a case to a contact, the contact's category.
/// </summary>
public sealed record class ChainEdgeView(string From, string To, string Kind, DateTimeOffset? At, string? VenueId, string? ViaPersonId, ImmutableArray<ExposureView> Evidence);
