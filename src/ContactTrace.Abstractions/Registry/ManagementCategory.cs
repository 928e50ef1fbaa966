namespace ContactTrace.Registry;

/// <summary>Wire names of a person's management category, as API.md lists them.</summary>
public static class ManagementCategory
{
    public const string None = "none";
    public const string Case = "case";
    public const string CloseContact = "close-contact";
    public const string SecondaryContact = "secondary-contact";
    public const string VenueExposed = "venue-exposed";
    public const string HomeIsolation = "home-isolation";
}
