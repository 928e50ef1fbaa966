namespace ContactTrace.Registry;

/// <summary>A venue (place code), keyed by venue id: its profile and an in-memory index of its recent visits.</summary>
[Alias("ContactTrace.IVenueGrain")]
public interface IVenueGrain : IGrainWithStringKey
{
    [Alias("SetProfile")]
    Task SetProfileAsync(VenueProfile profile);

    /// <summary>The venue, or <c>null</c> when it was never registered.</summary>
    [Alias("GetProfile")]
    Task<VenueProfile?> GetProfileAsync();

    /// <summary>Adds durably stored visits to the index; a visit already there is ignored.</summary>
    [Alias("AppendVisits")]
    Task AppendVisitsAsync(ImmutableArray<Visit> visits);

    /// <summary>
    /// Every visit that overlaps one of <paramref name="sources"/> by the policy's minimum, one item per visit with
    /// the first source it overlapped and how many; visits of the sources' own persons are left out.
    /// </summary>
    [Alias("FindExposed")]
    Task<ImmutableArray<CoPresence>> FindExposedAsync(ImmutableArray<ExposureSource> sources);
}
