namespace ContactTrace.Tracing;

/// <summary>
/// A window a completed trace depends on: the case's person's own scans (<see cref="Kind"/> <c>person</c>), others'
/// presence at a venue (<c>venue</c>), or a close contact's own scans over their tier-2 window (<c>contact</c>; open
/// while they are not isolated: <see cref="To"/> is <see cref="DateTimeOffset.MaxValue"/>) during <c>[From, To]</c>.
/// A scan that arrives late and falls inside one re-traces the case — for a <c>contact</c> window, and for a venue
/// window read through a close contact (<see cref="Via"/>, tier 2), only that close contact's tier 2. A contact
/// window replaces the one stored before for the same case and person.
/// </summary>
[GenerateSerializer, Immutable, Alias("ContactTrace.TraceWatch")]
public sealed record class TraceWatch(string Kind, string Id, DateTimeOffset From, DateTimeOffset To, string? Via = null)
{
    /// <summary>The close contact whose tier 2 a late scan in this window concerns; null: the whole trace.</summary>
    public string? ConcernedContact => Kind == ContactKind ? Id : Via;

    public const string PersonKind = "person";
    public const string VenueKind = "venue";
    public const string ContactKind = "contact";

    public static TraceWatch Of(ContactWindow window) =>
        new(ContactKind, window.PersonId, window.From, window.Until ?? DateTimeOffset.MaxValue);
}
