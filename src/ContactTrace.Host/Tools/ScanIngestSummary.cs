using ContactTrace.Scans;

namespace ContactTrace.Host.Tools;

/// <summary>The answer of <c>POST /api/scans</c> as the import tool reads it.</summary>
internal sealed record class ScanIngestSummary(int Accepted, int Duplicates, List<ScanRejection> Rejected);
