namespace ContactTrace.Grains;

[GenerateSerializer, Alias("ContactTrace.PersonState")]
public sealed record class PersonState
{
    [Id(0)]
    public PersonProfile? Profile { get; init; }
}
