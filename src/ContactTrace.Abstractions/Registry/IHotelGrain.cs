namespace ContactTrace.Registry;

/// <summary>
/// An isolation hotel, keyed by hotel id: the only place its rooms are handed out, and where its guests check
/// in and out.
/// </summary>
[Alias("ContactTrace.IHotelGrain")]
public interface IHotelGrain : IGrainWithStringKey
{
    [Alias("SetProfile")]
    Task SetProfileAsync(HotelProfile profile);

    /// <summary>The hotel with its occupancy, or <c>null</c> when it was never registered.</summary>
    [Alias("Get")]
    Task<HotelStatus?> GetAsync();

    /// <summary>Places these waiting assignments, in order, while rooms are free; returns those placed.</summary>
    [Alias("Place")]
    Task<ImmutableArray<string>> PlaceAsync(ImmutableArray<string> assignmentIds);

    /// <summary>The guest arrived now.</summary>
    [Alias("CheckIn")]
    Task<LifecycleOutcome> CheckInAsync(string assignmentId);

    /// <summary>The guest arrived at <paramref name="arrivedAt"/>, as the hotel states it (a check-in entered late).</summary>
    [Alias("CheckInAt")]
    Task<LifecycleOutcome> CheckInAtAsync(string assignmentId, DateTimeOffset arrivedAt);

    /// <summary>The guest left now.</summary>
    [Alias("CheckOut")]
    Task<LifecycleOutcome> CheckOutAsync(string assignmentId);

    /// <summary>The guest left at <paramref name="leftAt"/>, as the hotel states it (a check-out entered late).</summary>
    [Alias("CheckOutAt")]
    Task<LifecycleOutcome> CheckOutAtAsync(string assignmentId, DateTimeOffset leftAt);
}

/// <summary>A hotel's profile with its live occupancy and the people waiting for one of its rooms.</summary>
[GenerateSerializer, Immutable, Alias("ContactTrace.HotelStatus")]
public sealed record class HotelStatus(HotelProfile Profile, int Occupied, int Awaiting);
