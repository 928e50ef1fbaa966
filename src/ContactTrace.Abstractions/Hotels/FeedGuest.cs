using ContactTrace.Registry;

namespace ContactTrace.Hotels;

/// <summary>
/// What a hotel needs to receive a guest, beside the ids of a feed item: name, phone and household. Sent only to
/// that hotel (its feed, stream and webhook), audited as it leaves, never logged.
/// </summary>
public sealed record class FeedGuest(string? Name, string? Phone, string? HouseholdId)
{
    public static FeedGuest Of(PersonProfile profile) => new(profile.Name, profile.Phone, profile.HouseholdId);

    /// <summary>The guests of <paramref name="items"/>, by person id, in one registry read; unregistered persons are absent.</summary>
    public static async Task<IReadOnlyDictionary<string, FeedGuest>> ForAsync(IRegistryStore registry, IEnumerable<FeedItem> items, CancellationToken cancellationToken = default)
    {
        var profiles = await registry.FindPersonsAsync([.. items.Select(i => i.PersonId).Distinct(StringComparer.Ordinal)], cancellationToken);
        return profiles.ToDictionary(p => p.Key, p => Of(p.Value), StringComparer.Ordinal);
    }
}
