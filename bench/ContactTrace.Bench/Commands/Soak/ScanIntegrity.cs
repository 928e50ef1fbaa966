using Npgsql;

namespace ContactTrace.Bench.Commands.Soak;

/// <summary>
/// Every scan the posters sent, counted in the <c>scans</c> table by scan id and grouped by batch: an acknowledged
/// batch must be stored exactly as acknowledged (accepted + duplicates rows, each scan id once); a batch never
/// acknowledged may be stored or not, but never twice.
/// </summary>
internal sealed record class ScanIntegrity(
    int AcknowledgedBatches,
    long AcknowledgedScans,
    long StoredOfAcknowledged,
    int BatchesNotAsAcknowledged,
    int UnacknowledgedBatches,
    long StoredOfUnacknowledged,
    long ScanIdsStoredTwice,
    IReadOnlyList<string> Examples)
{
    private const int MaxExamples = 5;

    public bool Holds => BatchesNotAsAcknowledged == 0 && ScanIdsStoredTwice == 0;

    public static async Task<ScanIntegrity> CheckAsync(NpgsqlDataSource data, ScanLedger ledger, CancellationToken ct)
    {
        var stored = new Dictionary<string, (long Rows, long Ids)>(StringComparer.Ordinal);
        await using (var command = data.CreateCommand("""
            SELECT left(scan_id, $1) AS batch, count(*) AS rows, count(DISTINCT scan_id) AS ids
              FROM scans
             WHERE scan_id LIKE $2
             GROUP BY 1
            """))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = LiveScans.BatchPrefixLength });
            command.Parameters.Add(new NpgsqlParameter { Value = LiveScans.IdPrefix + "%" });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                stored[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt64(2));
            }
        }

        var examples = new List<string>();
        var (acknowledged, acknowledgedScans, storedOfAcknowledged, wrong, unacknowledged, storedOfUnacknowledged, twice) = (0, 0L, 0L, 0, 0, 0L, 0L);
        foreach (var (batch, (size, answer)) in ledger.Batches.OrderBy(b => b.Key, StringComparer.Ordinal))
        {
            var (rows, ids) = stored.GetValueOrDefault(batch);
            twice += rows - ids;
            if (answer is null)
            {
                unacknowledged++;
                storedOfUnacknowledged += ids;
            }
            else
            {
                acknowledged++;
                acknowledgedScans += answer.Stored;
                storedOfAcknowledged += ids;
                if (rows != answer.Stored || ids != answer.Stored || answer.Stored + answer.Rejected != size)
                {
                    wrong++;
                    Example(examples, $"batch {batch}: {size} sent, acknowledged {answer.Accepted} accepted + {answer.Duplicates} duplicates + {answer.Rejected} rejected; stored {rows} rows of {ids} scan ids");
                }
            }

            if (answer is null && rows != ids)
            {
                Example(examples, $"batch {batch} (never acknowledged): stored {rows} rows of {ids} scan ids");
            }
        }

        return new ScanIntegrity(acknowledged, acknowledgedScans, storedOfAcknowledged, wrong, unacknowledged, storedOfUnacknowledged, twice, examples);
    }

    private static void Example(List<string> examples, string text)
    {
        if (examples.Count < MaxExamples)
        {
            examples.Add(text);
        }
    }
}
