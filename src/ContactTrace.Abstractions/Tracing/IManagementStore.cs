namespace ContactTrace.Tracing;

/// <summary>
/// One person, one management: each person's current management and their assignments (the measures it placed them
/// under), and the change a person's becoming a case makes to them. The rules are <see cref="ManagementRules"/>'.
/// </summary>
public interface IManagementStore
{
    Task<PersonManagement> GetManagementAsync(string personId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Assignment>> GetAssignmentsAsync(string personId, CancellationToken cancellationToken = default);

    /// <summary>The person became a case: their management becomes <c>case</c> and running measures end as converted.</summary>
    Task BecomeCaseAsync(string personId, string caseId, DateTimeOffset reportedAt, CancellationToken cancellationToken = default);
}
