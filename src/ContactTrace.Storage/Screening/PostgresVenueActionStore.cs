using ContactTrace.Queries;
using ContactTrace.Screening;

namespace ContactTrace.Storage.Screening;

/// <summary>Venue actions in PostgreSQL, one row per (venue, case); each change applies <see cref="VenueActionRules"/> under the row's lock.</summary>
public sealed class PostgresVenueActionStore(NpgsqlDataSource dataSource) : IVenueActionStore
{
    private const string Columns = "venue_id, case_id, status, raised_at, visited_from, visited_until, closed_at, closed_by, reopened_at, reopened_by";

    // Raising only ever widens the visited span: the lifecycle columns of an existing row are left as they are.
    public async Task RaiseAsync(string caseId, IReadOnlyList<VisitedVenue> visits, DateTimeOffset raisedAt, CancellationToken cancellationToken = default)
    {
        if (visits.Count == 0)
        {
            return;
        }

        var ordered = visits.OrderBy(v => v.VenueId, StringComparer.Ordinal).ToList();
        await using var command = dataSource.CreateCommand("""
            INSERT INTO venue_actions (venue_id, case_id, status, raised_at, visited_from, visited_until)
            SELECT venue_id, $2, 'pending', $3, visited_from, visited_until
            FROM unnest($1::text[], $4::timestamptz[], $5::timestamptz[]) AS v(venue_id, visited_from, visited_until)
            ON CONFLICT (venue_id, case_id) DO UPDATE
            SET visited_from = least(venue_actions.visited_from, excluded.visited_from),
                visited_until = greatest(venue_actions.visited_until, excluded.visited_until)
            """).WithValues(ordered.Select(v => v.VenueId).ToArray(), caseId, raisedAt.Utc(),
                ordered.Select(v => v.From.Utc()).ToArray(), ordered.Select(v => v.Until.Utc()).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<VenueAction>> ListAsync(string venueId, ListKey? after, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await ReadAsync(connection, null, """
            venue_id = $1 AND ($2::timestamptz IS NULL OR (raised_at, case_id) < ($2, $3))
            ORDER BY raised_at DESC, case_id DESC LIMIT $4
            """, cancellationToken, venueId, after?.At.Utc(), after?.Id, limit);
    }

    public async Task<(LifecycleOutcome Outcome, VenueAction? Action)> ChangeAsync(
        string venueId, string caseId, Func<VenueAction, (LifecycleOutcome, VenueAction)> change, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var current = (await ReadAsync(connection, transaction, "venue_id = $1 AND case_id = $2 FOR UPDATE", cancellationToken, venueId, caseId)).SingleOrDefault();
        if (current is null)
        {
            return (LifecycleOutcome.NotFound, null);
        }

        var (outcome, next) = change(current);
        if (outcome == LifecycleOutcome.Done)
        {
            await using var update = connection.Command(transaction, """
                UPDATE venue_actions SET status = $3, closed_at = $4, closed_by = $5, reopened_at = $6, reopened_by = $7
                WHERE venue_id = $1 AND case_id = $2
                """, venueId, caseId, next.Status, next.ClosedAt?.Utc(), next.ClosedBy, next.ReopenedAt?.Utc(), next.ReopenedBy);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return (outcome, next);
    }

    private static async Task<List<VenueAction>> ReadAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string where, CancellationToken cancellationToken, params object?[] values)
    {
        await using var select = connection.Command(transaction, $"SELECT {Columns} FROM venue_actions WHERE {where}", values);
        var actions = new List<VenueAction>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            actions.Add(new VenueAction(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3),
                reader.GetFieldValue<DateTimeOffset>(4), reader.GetFieldValue<DateTimeOffset>(5), reader.GetNullableTime(6), reader.GetNullableString(7),
                reader.GetNullableTime(8), reader.GetNullableString(9)));
        }

        return actions;
    }
}
