namespace ContactTrace.Scans;

/// <summary>The durable scan log: bulk, idempotent by scan id over the whole retention period, partitioned by day, expired by retention.</summary>
public interface IScanStore
{
    /// <summary>Stores the scans durably; returns the positions in <paramref name="scans"/> that were new (the rest were seen before).</summary>
    Task<IReadOnlyList<int>> InsertAsync(IReadOnlyList<Scan> scans, CancellationToken cancellationToken = default);

    /// <summary>The visits at a venue that started in <c>[from, to)</c>, oldest first.</summary>
    Task<IReadOnlyList<Visit>> ReadVenueVisitsAsync(string venueId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);

    /// <summary>The scans of these persons that started in <c>[from, to)</c>.</summary>
    Task<IReadOnlyList<Scan>> ReadPersonScansAsync(IReadOnlyCollection<string> personIds, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);

    /// <summary>Removes every scan that started before <paramref name="cutoff"/> (whole days where the store is partitioned); returns how many days or rows went.</summary>
    Task<int> PurgeBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default);
}
