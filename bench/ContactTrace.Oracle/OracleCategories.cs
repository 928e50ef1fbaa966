namespace ContactTrace.Oracle;

/// <summary>The management categories a trace assigns, spelled as the API and the contacts table spell them.</summary>
public static class OracleCategories
{
    public const string CloseContact = "close-contact";
    public const string SecondaryContact = "secondary-contact";
    public const string VenueExposed = "venue-exposed";

    /// <summary>A household member sharing a secondary contact's home isolation (tier 2, not a contact).</summary>
    public const string HomeIsolation = "home-isolation";
}
