namespace ContactTrace.Bench.Api;

/// <summary>One rejected record of a scan batch, as <c>POST /api/scans</c> reports it.</summary>
internal sealed record class ScanRejection(int Index, string? ScanId, string? Field, string? Message);
