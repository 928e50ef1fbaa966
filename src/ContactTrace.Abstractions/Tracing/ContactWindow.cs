namespace ContactTrace.Tracing;

/// <summary>
/// Over which window a close contact's own contacts were sought (tier 2): from their first exposure to the case until
/// they were isolated — checked in at a hotel, their home isolation began, or they became a case — or, while they are
/// not isolated yet, open (<see cref="Until"/> <c>null</c>): their scans that arrive meanwhile extend it.
/// </summary>
[GenerateSerializer, Immutable, Alias("ContactTrace.ContactWindow")]
public sealed record class ContactWindow(string PersonId, DateTimeOffset From, DateTimeOffset? Until, string Reason)
{
    public const string CheckIn = "check-in";
    public const string HomeIsolation = "home-isolation";
    public const string BecameCase = "case";
    public const string Open = "open";

    public bool IsOpen => Until is null;

    /// <summary>The end to read scans up to: the window's, or <paramref name="now"/> while it is open.</summary>
    public DateTimeOffset ReadUntil(DateTimeOffset now) => Until ?? now;

    /// <summary>
    /// The window of a close contact first exposed at <paramref name="firstExposure"/>, given when they were isolated:
    /// the earliest isolation that had begun by <paramref name="now"/> and was still running at (or began after) the
    /// first exposure; open while there is none.
    /// </summary>
    public static ContactWindow For(string personId, DateTimeOffset firstExposure, IEnumerable<Isolation> isolations, DateTimeOffset now)
    {
        var ending = isolations
            .Where(i => i.PersonId == personId && i.From <= now && (i.Until is null || i.Until > firstExposure))
            .Select(i => i with { From = i.From > firstExposure ? i.From : firstExposure })
            .OrderBy(i => i.From)
            .FirstOrDefault();
        return ending is null
            ? new ContactWindow(personId, firstExposure, null, Open)
            : new ContactWindow(personId, firstExposure, ending.From, ending.Reason);
    }
}

/// <summary>A time a person was isolated: from when, until when if it ended, and how (<see cref="ContactWindow"/>'s reasons).</summary>
public sealed record class Isolation(string PersonId, DateTimeOffset From, DateTimeOffset? Until, string Reason);
