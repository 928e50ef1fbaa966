namespace ContactTrace.Registry;

/// <summary>A place code's venue; its <see cref="Kind"/> decides close-class or open-class.</summary>
[GenerateSerializer, Immutable, Alias("ContactTrace.VenueProfile")]
public sealed record class VenueProfile(string Name, string District, string Kind)
{
    public VenueClass Class => VenueKinds.ClassOf(Kind);
}
