namespace ContactTrace.Bench.Posting;

/// <summary>The two bodies <c>POST /api/scans</c> accepts.</summary>
internal enum ScanBatchFormat
{
    JsonArray,
    Ndjson,
}
