namespace ContactTrace.Host.Scans;

/// <summary>Why a scan batch was refused as a whole: the status to answer and the field to name.</summary>
internal sealed record class ScanBodyProblem(int Status, string Field, string Message);
