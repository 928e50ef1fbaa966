namespace ContactTrace.Hotels;

/// <summary>
/// The city's allocation loop, one activation for the whole cluster so that first come is first served: it reads
/// who waits, plans hotels (<see cref="AllocationPlanner"/>) and asks each hotel grain to place its share.
/// Kicking it is cheap and idempotent; the waiting rows are durable, so a lost kick only delays a placement.
/// </summary>
[Alias("ContactTrace.IAllocatorGrain")]
public interface IAllocatorGrain : IGrainWithStringKey
{
    public const string CityKey = "city";

    [Alias("Kick")]
    Task KickAsync();
}
