using ContactTrace.Scans;

namespace ContactTrace.Host.Scans;

/// <summary>The answer of <c>POST /api/scans</c>, sent once every accepted record is durable.</summary>
public sealed record class ScanIngestResult(int Accepted, int Duplicates, IReadOnlyList<ScanRejection> Rejected);
