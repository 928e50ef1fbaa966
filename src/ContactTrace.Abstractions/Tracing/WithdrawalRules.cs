using ContactTrace.Registry;

namespace ContactTrace.Tracing;

/// <summary>
/// What withdrawing a false-positive case does to one person it reached (or to its own person): a management it
/// alone caused ends — the person is under no management and their running measures are released — while a person
/// another standing case also reached keeps what they have.
/// </summary>
public static class WithdrawalRules
{
    /// <summary>The change, or <c>null</c> when the person keeps their management.</summary>
    public static ManagementChange? Withdraw(
        PersonManagement current, IReadOnlyList<Assignment> active, string withdrawnCaseId, bool reachedByAnotherCase)
    {
        if (reachedByAnotherCase || current.CaseId != withdrawnCaseId || current.Category == ManagementCategory.None)
        {
            return null;
        }

        return new ManagementChange(
            PersonManagement.None(current.PersonId),
            [],
            [.. active.Where(a => a.CaseId == withdrawnCaseId).Select(a => new AssignmentStatusChange(a.AssignmentId, AssignmentStatuses.Released))],
            []);
    }
}
