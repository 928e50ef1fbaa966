namespace ContactTrace.Registry;

/// <summary>A registered person as the person grain holds it.</summary>
[GenerateSerializer, Immutable, Alias("ContactTrace.PersonSnapshot")]
public sealed record class PersonSnapshot(PersonProfile Profile, Management Management);
