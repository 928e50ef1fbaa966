namespace ContactTrace.Host.Model;

/// <summary>The answer of <c>GET /api/persons/{personId}</c>.</summary>
public sealed record class PersonView(
    string PersonId,
    string District,
    string? HouseholdId,
    string? Name,
    string? Phone,
    ManagementView Management,
    string HealthCode,
    ImmutableArray<AssignmentView> Assignments,
    ImmutableArray<PersonExposureView> Exposures,
    string? CompoundId);
