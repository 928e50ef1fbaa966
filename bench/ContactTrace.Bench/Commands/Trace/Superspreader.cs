using ContactTrace.Bench.Api;
using ContactTrace.Bench.Posting;
using Npgsql;

namespace ContactTrace.Bench.Commands.Trace;

/// <summary>
/// A constructed superspreader: a new person who spent an hour at each of the city's busiest close-class venues
/// in its busiest hour (distinct venues, distinct hours, inside the case's exposure window). The person is
/// registered and the scans posted through the API like any other, before the case is reported.
/// </summary>
internal static class Superspreader
{
    public const string PersonId = "bt-superspreader";

    public static async Task<IReadOnlyList<SuperspreaderVisit>> ChooseAsync(
        NpgsqlDataSource data, DateTimeOffset from, DateTimeOffset to, int visits, CancellationToken ct)
    {
        await using var command = data.CreateCommand("""
            SELECT s.venue_id, v.kind, date_trunc('hour', s.scanned_at) AS hour, count(*) AS scans
              FROM scans AS s
              JOIN venues AS v ON v.venue_id = s.venue_id
             WHERE v.kind = ANY($1) AND s.scanned_at >= $2 AND s.scanned_at < $3
             GROUP BY s.venue_id, v.kind, hour
             ORDER BY scans DESC, s.venue_id, hour
             LIMIT 5000
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = VenueKinds.All.Where(k => VenueKinds.ClassOf(k) == VenueClass.Close).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = from.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter { Value = to.UtcDateTime });

        var chosen = new List<SuperspreaderVisit>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct) && chosen.Count < visits)
        {
            var visit = new SuperspreaderVisit(reader.GetString(0), reader.GetString(1),
                new DateTimeOffset(reader.GetDateTime(2), TimeSpan.Zero), (int)reader.GetInt64(3));
            if (chosen.All(c => c.VenueId != visit.VenueId && c.From != visit.From))
            {
                chosen.Add(visit);
            }
        }

        return chosen;
    }

    public static async Task RegisterAsync(ContactTraceClient admin, IReadOnlyList<SuperspreaderVisit> visits, CancellationToken ct)
    {
        await admin.PutPersonAsync(new Person(PersonId, "daoli", "bt-superspreader-home"), ct);
        var scans = visits.Select((v, i) => new Scan($"bt-superspreader-scan-{i:D2}", PersonId, v.VenueId, v.From, v.From.AddHours(1)));
        using var batch = ScanBatches.Serialize(scans, 1000, ScanBatchFormat.JsonArray).Single();
        var answer = await admin.PostScansAsync(batch, ct);
        if (answer.Accepted != visits.Count)
        {
            throw new InvalidOperationException($"POST /api/scans accepted {answer.Accepted} of the superspreader's {visits.Count} scans.");
        }
    }
}
