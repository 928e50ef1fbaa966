namespace ContactTrace.Scans;

/// <summary>Why the record at <see cref="Index"/> of a batch was not stored.</summary>
public sealed record class ScanRejection(int Index, string? ScanId, string Field, string Message)
{
    /// <summary>The longest part of a rejected scan id an answer repeats: as long as any valid id.</summary>
    public const int MaxEcho = Ids.MaxLength;

    /// <summary>A rejected record's scan id as the answer names it: whole when short, else its first characters and "…".</summary>
    public static string? Echo(string? scanId) => scanId is { Length: > MaxEcho } ? scanId[..MaxEcho] + "…" : scanId;
}
