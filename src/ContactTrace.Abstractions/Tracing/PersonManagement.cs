using ContactTrace.Registry;

namespace ContactTrace.Tracing;

/// <summary>The one management a person is under, and the case that put them there.</summary>
[GenerateSerializer, Immutable, Alias("ContactTrace.PersonManagement")]
public sealed record class PersonManagement(string PersonId, string Category, DateTimeOffset? Since, DateTimeOffset? Until, string? CaseId)
{
    public static PersonManagement None(string personId) => new(personId, ManagementCategory.None, null, null, null);

    /// <summary>Under a measure that has not ended by <paramref name="now"/>; a case stays a case.</summary>
    public bool IsRunning(DateTimeOffset now) =>
        Category == ManagementCategory.Case || (Category != ManagementCategory.None && Until is { } until && until > now);
}
