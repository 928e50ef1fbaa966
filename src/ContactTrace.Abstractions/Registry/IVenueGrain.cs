namespace ContactTrace.Registry;

/// <summary>A venue (place code), keyed by venue id.</summary>
[Alias("ContactTrace.IVenueGrain")]
public interface IVenueGrain : IGrainWithStringKey
{
    [Alias("SetProfile")]
    Task SetProfileAsync(VenueProfile profile);

    /// <summary>The venue, or <c>null</c> when it was never registered.</summary>
    [Alias("GetProfile")]
    Task<VenueProfile?> GetProfileAsync();
}
