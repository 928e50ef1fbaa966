using System.Diagnostics;
using System.Diagnostics.Metrics;
using ContactTrace.Cases;
using ContactTrace.Host.Cases;
using ContactTrace.Policy;
using ContactTrace.Scans;
using Microsoft.Extensions.Options;

namespace ContactTrace.Host.Scans;

/// <summary>
/// Takes one batch of scans from validation to durable storage to the venue indexes: the records are validated,
/// checked against the registry in one query, written with one bulk COPY, appended to their venues
/// (<see cref="VenueAppendQueue"/>: one grain call per venue per flush, shared by concurrent requests), and the
/// re-traces they cause are recorded durably for the <see cref="RetraceDispatcher"/>. Nothing here waits on a trace.
/// </summary>
public sealed class ScanIngestor(
    IScanStore store,
    IRegistryStore registry,
    ITraceRequests retraces,
    RetraceDispatcher dispatcher,
    TracingPolicy policy,
    VenueAppendQueue venues,
    IOptions<ScanOptions> options,
    [FromKeyedServices(Clock.Key)] TimeProvider time)
{
    private static readonly Counter<long> Accepted = ContactTraceTelemetry.Meter.CreateCounter<long>("contacttrace.scans.accepted", description: "Scans stored durably.");
    private static readonly Counter<long> Duplicates = ContactTraceTelemetry.Meter.CreateCounter<long>("contacttrace.scans.duplicates", description: "Scans received again and ignored.");
    private static readonly Counter<long> Rejected = ContactTraceTelemetry.Meter.CreateCounter<long>("contacttrace.scans.rejected", description: "Scans rejected by validation.");
    private static readonly Histogram<double> BatchDuration = ContactTraceTelemetry.Meter.CreateHistogram<double>("contacttrace.scans.batch.duration", "s", "Time to make a scan batch durable and indexed.");

    public async Task<ScanIngestResult> IngestAsync(IReadOnlyList<ScanInput> inputs, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var (valid, positions, rejected) = Validate(inputs);
        await RejectUnregisteredVenuesAsync(valid, positions, rejected, cancellationToken);

        var inserted = await store.InsertAsync(valid, cancellationToken);
        try
        {
            // A batch sent again (its answer was lost) is indexed and watched again too: venues ignore visits they
            // hold, and a re-trace request coalesces, so a retry completes what a crash interrupted.
            // In this order: a re-trace a late scan causes must find the scan's visit in the venue's index.
            await AppendToVenuesAsync(valid);
            await RequestRetracesAsync(valid, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new ScansStoredException(inserted.Count, valid.Count - inserted.Count, exception);
        }

        Accepted.Add(inserted.Count);
        Duplicates.Add(valid.Count - inserted.Count);
        Rejected.Add(rejected.Count);
        BatchDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        rejected.Sort((a, b) => a.Index.CompareTo(b.Index));
        return new ScanIngestResult(inserted.Count, valid.Count - inserted.Count, rejected);
    }

    private (List<Scan> Valid, List<int> Positions, List<ScanRejection> Rejected) Validate(IReadOnlyList<ScanInput> inputs)
    {
        var validator = new ScanValidator(options.Value, time.GetUtcNow());
        var valid = new List<Scan>(inputs.Count);
        var positions = new List<int>(inputs.Count);
        var rejected = new List<ScanRejection>();
        for (var i = 0; i < inputs.Count; i++)
        {
            if (validator.TryValidate(i, inputs[i], out var scan, out var rejection))
            {
                valid.Add(scan!);
                positions.Add(i);
            }
            else
            {
                rejected.Add(rejection!);
            }
        }

        return (valid, positions, rejected);
    }

    private async Task RejectUnregisteredVenuesAsync(List<Scan> valid, List<int> positions, List<ScanRejection> rejected, CancellationToken cancellationToken)
    {
        var venueIds = valid.Select(s => s.VenueId).ToHashSet(StringComparer.Ordinal);
        var registered = await registry.FindVenueKindsAsync(venueIds, cancellationToken);
        if (registered.Count == venueIds.Count)
        {
            return;
        }

        for (var i = valid.Count - 1; i >= 0; i--)
        {
            if (!registered.ContainsKey(valid[i].VenueId))
            {
                rejected.Add(new ScanRejection(positions[i], valid[i].ScanId, "venueId", $"venue '{valid[i].VenueId}' is not registered"));
                valid.RemoveAt(i);
                positions.RemoveAt(i);
            }
        }
    }

    // Live re-tracing: a late scan inside a window a trace depended on makes that case trace again — recorded here,
    // run by the dispatcher, so that ingestion never waits on a trace.
    private async Task RequestRetracesAsync(List<Scan> scans, CancellationToken cancellationToken)
    {
        if (scans.Count == 0)
        {
            return;
        }

        var longestDwell = policy.DwellFor(VenueClass.Close) > policy.DwellFor(VenueClass.Open) ? policy.DwellFor(VenueClass.Close) : policy.DwellFor(VenueClass.Open);
        if (await retraces.RequestForScansAsync(scans, longestDwell, cancellationToken) > 0)
        {
            dispatcher.Signal();
        }
    }

    private Task AppendToVenuesAsync(List<Scan> valid) => valid.Count == 0 ? Task.CompletedTask : venues.AppendAsync(valid);
}

/// <summary>The scans of a batch are durable, but indexing them or recording the re-traces they cause failed: sending the batch again finishes it.</summary>
public sealed class ScansStoredException(int accepted, int duplicates, Exception inner)
    : Exception("The scans are stored durably, but indexing them did not finish; send the batch again to finish it.", inner)
{
    public int Accepted { get; } = accepted;

    public int Duplicates { get; } = duplicates;
}
