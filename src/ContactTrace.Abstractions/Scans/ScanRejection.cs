namespace ContactTrace.Scans;

/// <summary>Why the record at <see cref="Index"/> of a batch was not stored.</summary>
public sealed record class ScanRejection(int Index, string? ScanId, string Field, string Message);
