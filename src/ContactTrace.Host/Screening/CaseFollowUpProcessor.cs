using ContactTrace.Policy;

namespace ContactTrace.Host.Screening;

/// <summary>
/// What a case means outside its trace, for the cases queued in <see cref="ICaseFollowUps"/>, a batch at a time: a
/// reported case proposes a high-risk zone for its person's compound (or counts in the open one, moving its lift);
/// every venue the case visited in its window gets its disinfection and closure task. Both are idempotent, so a
/// batch done twice (a crash before it was taken off the queue) changes nothing the second time.
/// </summary>
public sealed class CaseFollowUpProcessor(
    ICaseFollowUps queue,
    IZoneStore zones,
    IVenueActionStore actions,
    IRegistryStore registry,
    TracingPolicy policy,
    [FromKeyedServices(Clock.Key)] TimeProvider time)
{
    private const int Batch = 500;

    /// <summary>Works through the queue; returns how many cases it followed up.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var done = 0;
        while (true)
        {
            var batch = await queue.PeekAsync(Batch, cancellationToken);
            if (batch.Count == 0)
            {
                return done;
            }

            var visits = await queue.ReadVisitsAsync(batch, cancellationToken);
            var kinds = await registry.FindVenueKindsAsync(visits.Select(v => v.Scan.VenueId).ToHashSet(StringComparer.Ordinal), cancellationToken);
            var scansOf = visits.ToLookup(v => v.CaseId, v => v.Scan, StringComparer.Ordinal);
            foreach (var followUp in batch.Where(f => f.Stored && !f.Withdrawn))
            {
                if (followUp is { Reported: true, CompoundId: { } compound })
                {
                    await zones.AddCaseAsync(compound, followUp.District, followUp.CaseId, followUp.ReportedAt, policy.HighRiskLiftDays, cancellationToken);
                }

                var venues = CaseTrajectory.Venues(CaseTrajectory.Presences(scansOf[followUp.CaseId], kinds, policy));
                await actions.RaiseAsync(followUp.CaseId, venues, time.GetUtcNow(), cancellationToken);
            }

            await queue.CompleteAsync(batch, cancellationToken);
            done += batch.Count;
            if (batch.Count < Batch)
            {
                return done;
            }
        }
    }
}
