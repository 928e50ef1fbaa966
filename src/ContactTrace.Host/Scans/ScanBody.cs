using ContactTrace.Scans;

namespace ContactTrace.Host.Scans;

/// <summary>A read scan batch: its records, the positions that could not even be read, or why the body as a whole failed.</summary>
internal sealed record class ScanBody(IReadOnlyList<ScanInput> Records, IReadOnlyList<ScanRejection> Malformed, ScanBodyProblem? Problem);
