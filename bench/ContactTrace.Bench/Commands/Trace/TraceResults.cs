namespace ContactTrace.Bench.Commands.Trace;

/// <summary>Everything <c>bench trace</c> measured, for the report.</summary>
internal sealed record class TraceResults(
    IReadOnlyList<TracedCase> Typical,
    IReadOnlyList<OracleRun> TypicalOracle,
    int TypicalMismatches,
    int TypicalCasesMismatching,
    IReadOnlyList<SuperspreaderVisit> SuperspreaderVisits,
    TracedCase? Superspreader,
    OracleRun? SuperspreaderOracle,
    int SuperspreaderMismatches,
    BurstResult? Burst,
    OracleBatch? BurstOracle,
    int BurstOracleCases,
    IReadOnlyList<string> Failures,
    double MachineBusy,
    string LoadBefore,
    string LoadAfter);
