namespace ContactTrace.Hotels;

/// <summary>An assignment on the waiting list, with the district its person is registered in and since when it waits.</summary>
public sealed record class WaitingAssignment(Assignment Assignment, string? District, DateTimeOffset QueuedAt);
