namespace ContactTrace.Registry;

/// <summary>A person, keyed by person id: profile, household and current management.</summary>
[Alias("ContactTrace.IPersonGrain")]
public interface IPersonGrain : IGrainWithStringKey
{
    [Alias("SetProfile")]
    Task SetProfileAsync(PersonProfile profile);

    /// <summary>The person, or <c>null</c> when nobody registered them.</summary>
    [Alias("Get")]
    Task<PersonSnapshot?> GetAsync();
}

/// <summary>A registered person as the person grain holds it.</summary>
[GenerateSerializer, Immutable, Alias("ContactTrace.PersonSnapshot")]
public sealed record class PersonSnapshot(PersonProfile Profile, Management Management);
