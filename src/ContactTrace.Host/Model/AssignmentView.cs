using ContactTrace.Tracing;

namespace ContactTrace.Host.Model;

public sealed record class AssignmentView(string AssignmentId, string PersonId, string CaseId, string Kind, string? HotelId, DateTimeOffset Start, DateTimeOffset End, string Status)
{
    public static AssignmentView Of(Assignment a) => new(a.AssignmentId, a.PersonId, a.CaseId, a.Kind, a.HotelId, a.Start, a.End, a.Status);
}

/// <summary>An item of the waiting list: the assignment, the district its person is registered in, and since when it waits.</summary>
public sealed record class WaitingAssignmentView(
    string AssignmentId, string PersonId, string CaseId, string Kind, string? District, DateTimeOffset Start, DateTimeOffset End, string Status, DateTimeOffset QueuedAt)
{
    public static WaitingAssignmentView Of(WaitingAssignment w) => new(
        w.Assignment.AssignmentId, w.Assignment.PersonId, w.Assignment.CaseId, w.Assignment.Kind, w.District, w.Assignment.Start, w.Assignment.End, w.Assignment.Status, w.QueuedAt);
}
