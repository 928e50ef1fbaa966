namespace ContactTrace.Registry;

/// <summary>An isolation hotel, keyed by hotel id: the single writer of its capacity and occupancy.</summary>
[Alias("ContactTrace.IHotelGrain")]
public interface IHotelGrain : IGrainWithStringKey
{
    [Alias("SetProfile")]
    Task SetProfileAsync(HotelProfile profile);

    /// <summary>The hotel with its occupancy, or <c>null</c> when it was never registered.</summary>
    [Alias("Get")]
    Task<HotelStatus?> GetAsync();
}
