namespace ContactTrace.Bench.Api;

/// <summary>The answer of <c>POST /api/scans</c>: given only once every accepted record is durable.</summary>
internal sealed record class ScanBatchAnswer(long Accepted, long Duplicates, IReadOnlyList<ScanRejection>? Rejected);
