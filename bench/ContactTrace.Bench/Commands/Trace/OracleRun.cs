using ContactTrace.Oracle;

namespace ContactTrace.Bench.Commands.Trace;

/// <summary>One case through the SQL oracle: its time (sets computed and assignment rows inserted) and its sets.</summary>
internal sealed record class OracleRun(string CaseId, TimeSpan Elapsed, IReadOnlyList<OracleContact> Contacts, int Inserted);
