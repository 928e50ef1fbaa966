namespace ContactTrace.Hotels;

/// <summary>A centralized-isolation assignment waiting for a room, in first-come order, with what allocation needs.</summary>
public sealed record class AwaitingPlacement(string AssignmentId, string PersonId, string? District, string? HouseholdId, DateTimeOffset QueuedAt);
