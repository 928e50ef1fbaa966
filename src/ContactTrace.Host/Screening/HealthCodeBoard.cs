using System.Text;
using System.Text.Json;

namespace ContactTrace.Host.Screening;

/// <summary>
/// Every health code that is not green, in this silo's memory, as the ready-made JSON answer of
/// <c>GET /api/health-codes/{personId}</c>: a lookup is one dictionary read, no storage, no serialization. Green
/// is the default and is not held, so memory grows with the persons under a rule (~330 bytes each, measured by bench codes), not with the
/// city: 10,000,000 residents with 5% flagged take ~165 MB per silo. It loads the flagged codes at start and then
/// follows the durable change feed (woken by its NOTIFY, polling every few seconds meanwhile), so every silo
/// answers alike within milliseconds of a change.
/// </summary>
public sealed class HealthCodeBoard(IHealthCodeStore store, ScreeningSignals signals, ILogger<HealthCodeBoard> logger) : BackgroundService
{
    private const int Page = 5_000;

    // A dictionary node with its (code, json) pair, its bucket, and the two arrays' and the key's headers.
    private const int EntryOverhead = 64 + 24 + 22;

    private static long s_flagged;
    private static long s_bytes;

    static HealthCodeBoard()
    {
        ContactTraceTelemetry.Meter.CreateObservableGauge("contacttrace.health_codes.flagged", () => Interlocked.Read(ref s_flagged),
            description: "Persons whose health code is not green, held in this silo's memory.");
        ContactTraceTelemetry.Meter.CreateObservableGauge("contacttrace.health_codes.board.bytes", () => Interlocked.Read(ref s_bytes),
            description: "Bytes the in-memory health-code board of this silo holds (its entries, estimated from their sizes).");
    }
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);
    private static readonly byte[] GreenPrefix = Encoding.UTF8.GetBytes("{\"personId\":\"");
    private static readonly byte[] GreenSuffix = Encoding.UTF8.GetBytes("\",\"code\":\"green\",\"reasons\":[],\"since\":null}");

    private readonly ConcurrentDictionary<string, (string Code, byte[] Json)> _flagged = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _cursor;

    /// <summary>The feed cursor the board is current at.</summary>
    public long Cursor => Interlocked.Read(ref _cursor);

    /// <summary>How many persons' codes are not green.</summary>
    public int Flagged => _flagged.Count;

    /// <summary>The person's code as the API's JSON (UTF-8); <paramref name="personId"/> must be a valid id (it is written unescaped).</summary>
    public ValueTask<byte[]> LookupAsync(string personId)
    {
        return _loaded.Task.IsCompleted ? ValueTask.FromResult(Find(personId)) : WaitThenFindAsync(this, personId);

        static async ValueTask<byte[]> WaitThenFindAsync(HealthCodeBoard board, string personId)
        {
            await board._loaded.Task;
            return board.Find(personId);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await LoadAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            var grew = signals.Codes.WaitAsync();
            try
            {
                if (await CatchUpAsync(stoppingToken) == Page)
                {
                    continue;
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Reading the health-code feed failed; retried within {Poll}.", Poll);
            }

            await Task.WhenAny(grew, Task.Delay(Poll, stoppingToken));
        }
    }

    /// <summary>The colour alone, for lists of persons; green until the board is loaded.</summary>
    public string CodeOf(string personId) => _flagged.TryGetValue(personId, out var flagged) ? flagged.Code : HealthCodes.Green;

    private byte[] Find(string personId) => _flagged.TryGetValue(personId, out var flagged) ? flagged.Json : Green(personId);

    private static byte[] Green(string personId)
    {
        var json = new byte[GreenPrefix.Length + personId.Length + GreenSuffix.Length];
        GreenPrefix.CopyTo(json, 0);
        Encoding.ASCII.GetBytes(personId, json.AsSpan(GreenPrefix.Length));
        GreenSuffix.CopyTo(json, GreenPrefix.Length + personId.Length);
        return json;
    }

    private async Task LoadAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                var snapshot = await store.ReadSnapshotAsync(stoppingToken);
                foreach (var code in snapshot.Flagged)
                {
                    Apply(code);
                }

                Interlocked.Exchange(ref _cursor, snapshot.Cursor);
                _loaded.TrySetResult();
                logger.LogInformation("Health codes: {Flagged} persons not green, at feed cursor {Cursor}.", snapshot.Flagged.Count, snapshot.Cursor);
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Loading the health codes failed; retrying.");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    private async Task<int> CatchUpAsync(CancellationToken stoppingToken)
    {
        var changes = await store.ReadChangesAsync(Cursor, Page, stoppingToken);
        foreach (var change in changes)
        {
            Apply(change.Code);
            Interlocked.Exchange(ref _cursor, change.Cursor);
        }

        return changes.Count;
    }

    // Only the feed's reader writes here (one task), so a read-then-write needs no lock.
    private void Apply(HealthCode code)
    {
        if (_flagged.TryRemove(code.PersonId, out var before))
        {
            Count(code.PersonId, before.Json, -1);
        }

        if (code.Code != HealthCodes.Green)
        {
            var json = JsonSerializer.SerializeToUtf8Bytes(HealthCodeView.Of(code), ScreeningJsonContext.Default.HealthCodeView);
            _flagged[code.PersonId] = (code.Code, json);
            Count(code.PersonId, json, +1);
        }
    }

    private static void Count(string personId, byte[] json, int sign)
    {
        Interlocked.Add(ref s_flagged, sign);
        Interlocked.Add(ref s_bytes, sign * (EntryOverhead + json.Length + 2L * personId.Length));
    }
}
