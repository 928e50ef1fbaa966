using ContactTrace.Screening;

namespace ContactTrace.Storage.Screening;

public sealed partial class PostgresHealthCodeStore
{
    /// <summary>The facts of a batch of persons: one query each for managements, assignments, zones and results.</summary>
    private static async Task<Dictionary<string, HealthFacts>> ReadFactsAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string[] persons, DateTimeOffset testsSince, CancellationToken cancellationToken)
    {
        var managements = new Dictionary<string, PersonManagement>(StringComparer.Ordinal);
        await using (var select = connection.Command(transaction,
            "SELECT person_id, category, since, until, case_id FROM managements WHERE person_id = ANY($1)", (object)persons))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                managements[reader.GetString(0)] = new PersonManagement(reader.GetString(0), reader.GetString(1),
                    reader.GetNullableTime(2), reader.GetNullableTime(3), reader.GetNullableString(4));
            }
        }

        var assignments = new List<Assignment>();
        await using (var select = connection.Command(transaction, """
            SELECT assignment_id, person_id, case_id, kind, hotel_id, starts_at, ends_at, status
            FROM assignments WHERE person_id = ANY($1) AND status <> 'superseded'
            """, (object)persons))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                assignments.Add(new Assignment(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    reader.GetNullableString(4), reader.GetFieldValue<DateTimeOffset>(5), reader.GetFieldValue<DateTimeOffset>(6), reader.GetString(7)));
            }
        }

        var zones = new Dictionary<string, ZoneResidence>(StringComparer.Ordinal);
        await using (var select = connection.Command(transaction, """
            SELECT p.person_id, z.zone_id, z.since
            FROM persons p JOIN zones z ON z.compound_id = p.compound_id AND z.status = 'active'
            WHERE p.person_id = ANY($1)
            """, (object)persons))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                zones[reader.GetString(0)] = new ZoneResidence(reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2));
            }
        }

        var wanted = persons.ToHashSet(StringComparer.Ordinal);
        var tests = new List<(string PersonId, TestSample Sample)>();
        await using (var select = connection.Command(transaction, """
            SELECT person_id, sampled_at, positive, context FROM tests WHERE person_key = ANY($1) AND sampled_at >= $2
            """, persons.Select(StableKeys.Of).ToArray(), testsSince.Utc()))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if (wanted.Contains(reader.GetString(0)))
                {
                    tests.Add((reader.GetString(0), new TestSample(reader.GetFieldValue<DateTimeOffset>(1), reader.GetBoolean(2), reader.GetString(3))));
                }
            }
        }

        var assignmentsOf = assignments.ToLookup(a => a.PersonId, StringComparer.Ordinal);
        var testsOf = tests.ToLookup(t => t.PersonId, t => t.Sample, StringComparer.Ordinal);
        return persons.ToDictionary(p => p, p => new HealthFacts(
            p,
            managements.GetValueOrDefault(p) ?? PersonManagement.None(p),
            [.. assignmentsOf[p]],
            zones.GetValueOrDefault(p),
            [.. testsOf[p]]), StringComparer.Ordinal);
    }
}
