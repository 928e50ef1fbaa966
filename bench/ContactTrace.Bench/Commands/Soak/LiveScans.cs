using ContactTrace.Bench.Posting;

namespace ContactTrace.Bench.Commands.Soak;

/// <summary>
/// The scans the posters send during the soak: the city's own last <see cref="SoakOptions.LiveDays"/> days (each
/// person 2–4 visits a day, like the history), in time order, as the venue-scan systems of a real city deliver
/// them — so they fall into the windows of the cases being reported and of their contacts, and re-trace them,
/// without any person visiting more places than a person does. One stream shared by every poster: each takes the
/// next batch. <see cref="SimulatedNow"/> is how far the city's time has come: the latest scan handed out. Ids are made anew as <c>sk{poster}-{batch:D7}-{index:D5}</c>: the first
/// <see cref="BatchPrefixLength"/> characters name the batch, which the integrity check groups by.
/// </summary>
internal sealed class LiveScans(IEnumerable<Scan> stream, DateTimeOffset start) : IDisposable
{
    public const string IdPrefix = "sk";
    public const int BatchPrefixLength = 11;

    private readonly IEnumerator<Scan> _scans = stream.GetEnumerator();
    private readonly Lock _gate = new();

    private long _simulatedNowTicks = start.UtcTicks;

    /// <summary>The scans handed out so far.</summary>
    public long Taken { get; private set; }

    /// <summary>The city's clock: when the latest scan handed out was made (the live days' start before the first).</summary>
    public DateTimeOffset SimulatedNow => new(Interlocked.Read(ref _simulatedNowTicks), TimeSpan.Zero);

    public static LiveScans Of(City city, SoakOptions options) =>
        new(Enumerable.Range(options.HistoryDays, options.LiveDays)
            .SelectMany(day => VisitThinning.Thin(city.ScansOfDay(day), day, options.City.Persons, options.City.Seed)),
            CityClock.WindowStartUtc(options.City.StartDate.AddDays(options.HistoryDays)));

    public static string BatchId(int poster, int batch) => string.Create(CultureInfo.InvariantCulture, $"{IdPrefix}{poster}-{batch:D7}");

    /// <summary>The next batch of at most <paramref name="size"/> scans, or null when the live days are all sent.</summary>
    public ScanBatch? Next(int poster, int batch, int size)
    {
        var scans = Take(size);
        if (scans.Count == 0)
        {
            return null;
        }

        var prefix = BatchId(poster, batch);
        var renamed = scans.Select((scan, i) => scan with { ScanId = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{i:D5}") });
        return ScanBatches.Serialize(renamed, scans.Count, ScanBatchFormat.JsonArray).Single();
    }

    private List<Scan> Take(int size)
    {
        var scans = new List<Scan>(size);
        lock (_gate)
        {
            while (scans.Count < size && _scans.MoveNext())
            {
                scans.Add(_scans.Current);
            }

            Taken += scans.Count;
            if (scans.Count > 0)
            {
                Interlocked.Exchange(ref _simulatedNowTicks, scans[^1].ScannedAt.UtcTicks);
            }
        }

        return scans;
    }

    public void Dispose() => _scans.Dispose();
}
