using ContactTrace.Bench.Hosting;
using ContactTrace.Bench.Posting;

namespace ContactTrace.Bench.Commands.Ingest;

/// <summary>What the ContactTrace side of <c>bench ingest</c> measured.</summary>
internal sealed record class HostMeasurement(
    PostingResult Posting, ProcStatus? Memory, VenueIndexFigures VenueIndex, TimeSpan HostCpu, double MachineBusy, long Throttled);
