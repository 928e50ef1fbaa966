namespace ContactTrace.Registry;

/// <summary>
/// A person registered in a household, and since when (<c>null</c> for a registration older than the record of it,
/// e.g. bulk-loaded: a member for as long as anyone can tell). A household exposure counts from when they joined.
/// </summary>
public sealed record class HouseholdMembership(string PersonId, string HouseholdId, DateTimeOffset? Since)
{
    /// <summary>Whether they were a member at some point before <paramref name="time"/>.</summary>
    public bool JoinedBefore(DateTimeOffset time) => Since is null || Since < time;
}
