namespace ContactTrace.Storage;

/// <summary>The embedded default's twin of <see cref="PostgresManagementStore"/>, over <see cref="InMemoryDatabase"/>.</summary>
public sealed class InMemoryManagementStore(InMemoryDatabase db) : IManagementStore
{
    public Task<PersonManagement> GetManagementAsync(string personId, CancellationToken cancellationToken = default)
    {
        lock (db.Gate)
        {
            return Task.FromResult(db.Managements.GetValueOrDefault(personId) ?? PersonManagement.None(personId));
        }
    }

    public Task<IReadOnlyList<Assignment>> GetAssignmentsAsync(string personId, CancellationToken cancellationToken = default)
    {
        lock (db.Gate)
        {
            IReadOnlyList<Assignment> found = [.. db.AssignmentsOf(personId)];
            return Task.FromResult(found);
        }
    }

    public Task BecomeCaseAsync(string personId, string caseId, DateTimeOffset reportedAt, CancellationToken cancellationToken = default)
    {
        lock (db.Gate)
        {
            db.Apply(personId, (current, active) => ManagementRules.BecomeCase(current, active, caseId, reportedAt));
        }

        return Task.CompletedTask;
    }
}
