using ContactTrace.Bench.Posting;

namespace ContactTrace.Bench.Commands.Chain;

/// <summary>What <c>bench chain</c> measured, host and plain SQL, and what one chain answer held.</summary>
internal sealed record class ChainResults(
    int Cases,
    int Contacts,
    int ChainCaseCount,
    int ChainContactCount,
    int ChainNodes,
    int ChainEdges,
    long ChainBytes,
    string SampleBulletin,
    BulletinCheck BulletinCheck,
    Latencies Chain,
    Latencies BulletinJson,
    Latencies BulletinText,
    Latencies SqlChain,
    Latencies SqlBulletin,
    string LoadBefore,
    string LoadAfter);
