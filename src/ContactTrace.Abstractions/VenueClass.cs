namespace ContactTrace;

/// <summary>
/// Close-class venues are enclosed: co-presence there makes a close contact. Open-class venues make
/// venue-exposed people, who are tested but neither isolated nor expanded further.
/// </summary>
public enum VenueClass
{
    Close,
    Open,
}
