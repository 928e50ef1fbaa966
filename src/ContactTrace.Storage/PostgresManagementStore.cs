namespace ContactTrace.Storage;

/// <summary>Managements and assignments in PostgreSQL; every change goes through <see cref="ManagementRows"/>.</summary>
public sealed class PostgresManagementStore(NpgsqlDataSource dataSource) : IManagementStore
{
    public async Task<PersonManagement> GetManagementAsync(string personId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT category, since, until, case_id FROM managements WHERE person_id = $1").WithValues(personId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new PersonManagement(personId, reader.GetString(0), reader.GetNullableTime(1), reader.GetNullableTime(2), reader.GetNullableString(3))
            : PersonManagement.None(personId);
    }

    public async Task<IReadOnlyList<Assignment>> GetAssignmentsAsync(string personId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await ManagementRows.ReadAssignmentsAsync(connection, null, "person_id = $1", cancellationToken, personId);
    }

    public Task BecomeCaseAsync(string personId, string caseId, DateTimeOffset reportedAt, CancellationToken cancellationToken = default) =>
        dataSource.InTransactionAsync((connection, transaction) => ManagementRows.ApplyAsync(connection, transaction, [personId],
            (current, active) => ManagementRules.BecomeCase(current, active, caseId, reportedAt), cancellationToken), cancellationToken);
}
