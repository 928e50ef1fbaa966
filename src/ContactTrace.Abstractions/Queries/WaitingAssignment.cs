namespace ContactTrace.Queries;

/// <summary>A centralized isolation waiting for a room, with the person's district and household and since when it waits.</summary>
public sealed record class WaitingAssignment(Assignment Assignment, string? District, string? HouseholdId, DateTimeOffset QueuedAt)
{
    public ListKey Key => new(QueuedAt, Assignment.AssignmentId);
}
