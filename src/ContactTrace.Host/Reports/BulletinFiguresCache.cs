using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace ContactTrace.Host.Reports;

/// <summary>
/// The bulletin's figures are counts over every contact, management and assignment: a console or a wall screen that
/// asks every second would keep PostgreSQL summing the same rows, under load most of its time. Figures computed less
/// than <see cref="BulletinOptions.ReuseFor"/> ago for the same period (for a day under way: whichever moment it ran
/// to) answer again, and a request that arrives while they are being computed waits for them instead of starting
/// another sum. Per silo, at most <see cref="MaxPeriods"/> periods; a failed or cancelled computation is not reused.
/// </summary>
public sealed class BulletinFiguresCache(IReportStore reports, IOptions<BulletinOptions> options)
{
    private const int MaxPeriods = 64;

    private readonly Dictionary<(DateTimeOffset Start, DateTimeOffset? End), Entry> _entries = [];
    private readonly Lock _gate = new();

    public Task<BulletinFigures> GetAsync(BulletinPeriod period)
    {
        var reuseFor = options.Value.ReuseFor;
        if (reuseFor <= TimeSpan.Zero)
        {
            return reports.GetBulletinFiguresAsync(period.Start, period.End);
        }

        var key = (period.Start, period.Ended ? period.End : (DateTimeOffset?)null);
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var entry) && Stopwatch.GetElapsedTime(entry.Started) < reuseFor && !(entry.Figures.IsFaulted || entry.Figures.IsCanceled))
            {
                return entry.Figures;
            }

            _entries.Remove(key);
            Evict(reuseFor);
            var figures = reports.GetBulletinFiguresAsync(period.Start, period.End);
            _entries[key] = new Entry(Stopwatch.GetTimestamp(), figures);
            return figures;
        }
    }

    // Expired figures never answer again; past that, the oldest go first.
    private void Evict(TimeSpan reuseFor)
    {
        foreach (var expired in _entries.Where(e => Stopwatch.GetElapsedTime(e.Value.Started) >= reuseFor).Select(e => e.Key).ToList())
        {
            _entries.Remove(expired);
        }

        while (_entries.Count >= MaxPeriods)
        {
            _entries.Remove(_entries.MinBy(e => e.Value.Started).Key);
        }
    }

    private sealed record class Entry(long Started, Task<BulletinFigures> Figures);
}
