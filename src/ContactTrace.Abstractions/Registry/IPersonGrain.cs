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
