namespace ContactTrace.Registry;

/// <summary>The one management a person is under (一人一管控); <see cref="None"/> when there is none.</summary>
[GenerateSerializer, Immutable, Alias("ContactTrace.Management")]
public sealed record class Management(string Category, DateTimeOffset? Since, DateTimeOffset? Until)
{
    public static Management None { get; } = new(ManagementCategory.None, null, null);
}
