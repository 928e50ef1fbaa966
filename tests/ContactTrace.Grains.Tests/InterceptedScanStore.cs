using System.Collections.Concurrent;
using ContactTrace.Scans;

namespace ContactTrace.Grains.Tests;

/// <summary>
/// The scan store the tracing cluster uses: the in-memory store, plus a way for a test to act at the moment a
/// trace has just read a person's scans — to make a scan arrive exactly then.
/// </summary>
public sealed class InterceptedScanStore(IScanStore inner) : IScanStore
{
    private readonly ConcurrentDictionary<string, Func<Task>> _afterRead = new(StringComparer.Ordinal);

    /// <summary>Runs <paramref name="action"/> once, right after the next read of <paramref name="personId"/>'s scans returns.</summary>
    public void AfterNextReadOf(string personId, Func<Task> action) => _afterRead[personId] = action;

    public Task<IReadOnlyList<int>> InsertAsync(IReadOnlyList<Scan> scans, CancellationToken cancellationToken = default) =>
        inner.InsertAsync(scans, cancellationToken);

    public Task<IReadOnlyList<Visit>> ReadVenueVisitsAsync(string venueId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        inner.ReadVenueVisitsAsync(venueId, from, to, cancellationToken);

    public async Task<IReadOnlyList<Scan>> ReadPersonScansAsync(
        IReadOnlyCollection<string> personIds, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        var scans = await inner.ReadPersonScansAsync(personIds, from, to, cancellationToken);
        foreach (var personId in personIds)
        {
            if (_afterRead.TryRemove(personId, out var action))
            {
                await action();
            }
        }

        return scans;
    }

    public Task<int> PurgeBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default) =>
        inner.PurgeBeforeAsync(cutoff, cancellationToken);
}
