using ContactTrace.Tracing;

namespace ContactTrace.Host.Model;

public sealed record class AssignmentView(string AssignmentId, string PersonId, string CaseId, string Kind, string? HotelId, DateTimeOffset Start, DateTimeOffset End, string Status)
{
    public static AssignmentView Of(Assignment a) => new(a.AssignmentId, a.PersonId, a.CaseId, a.Kind, a.HotelId, a.Start, a.End, a.Status);
}
