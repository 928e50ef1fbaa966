using ContactTrace.Registry;

namespace ContactTrace.Queries;

/// <summary>A registered person with their management as stored (the reader decides whether it is still running).</summary>
public sealed record class PersonRow(string PersonId, PersonProfile Profile, PersonManagement Management);

/// <summary>A household member with the assignment that shows: the one running, else the latest.</summary>
public sealed record class HouseholdMember(PersonRow Person, Assignment? Assignment)
{
    public static Assignment? CurrentOf(IEnumerable<Assignment> assignments)
    {
        var all = assignments.ToList();
        return all.Where(a => AssignmentLifecycle.IsActive(a.Status)).OrderBy(a => a.Start).FirstOrDefault()
            ?? all.OrderByDescending(a => a.End).FirstOrDefault();
    }
}

/// <summary>
/// A person search: <see cref="Prefix"/> of the id, the name or the phone, within the filters. At least one of
/// the prefix, household and compound is given, so that a search never lists a whole district.
/// </summary>
public sealed record class PersonSearch(string? Prefix, string? District, string? HouseholdId, string? CompoundId);
