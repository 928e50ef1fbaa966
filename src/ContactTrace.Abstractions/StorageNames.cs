namespace ContactTrace;

/// <summary>Names of the grain storage providers. Grains name one; the host registers it.</summary>
public static class StorageNames
{
    /// <summary>Small, bounded grain documents: profiles, management, case records.</summary>
    public const string Grains = "contacttrace";
}
