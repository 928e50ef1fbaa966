using ContactTrace.Host.Auth;
using ContactTrace.Host.Scans;
using ContactTrace.Scans;
using Microsoft.Extensions.Options;

namespace ContactTrace.Host.Apis;

public static class ScansApi
{
    public static RouteGroupBuilder MapScansApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/scans").WithTags("Scans");

        api.MapPost("/", PostScans)
            .WithName("PostScans")
            .WithSummary("Ingest a batch of venue scans (JSON array or NDJSON), durably and idempotently")
            .Accepts<List<ScanInput>>("application/json", ScanBodyReader.NdjsonMediaType)
            .RequireAuthorization(Policies.Scanner);

        return api;
    }

    public static async Task<Results<Ok<ScanIngestResult>, ProblemHttpResult>> PostScans(
        HttpRequest request, ScanIngestor ingestor, IOptions<ScanOptions> options, CancellationToken cancellationToken)
    {
        var body = await ScanBodyReader.ReadAsync(request, options.Value.MaxBatchSize, cancellationToken);
        if (body.Problem is { } problem)
        {
            return problem.ToProblem();
        }

        try
        {
            var result = await ingestor.IngestAsync(body.Records, CancellationToken.None);
            return TypedResults.Ok(MergeMalformed(result, body.Malformed));
        }
        catch (ScansStoredException stored)
        {
            // Never a bare 500 after a durable write: say that the scans are safe and how to finish.
            return TypedResults.Problem(Problems.StoredButUnfinished("scans", "The scans are stored; indexing them did not finish.",
                $"{stored.Accepted} scans were stored durably ({stored.Duplicates} were already stored). Send the same batch again to finish indexing them; it is idempotent.",
                stored.Accepted, stored.Duplicates));
        }
    }

    // Records that could not be read were offered to the ingestor as empty ones; report the reading problem instead.
    private static ScanIngestResult MergeMalformed(ScanIngestResult result, IReadOnlyList<ScanRejection> malformed)
    {
        if (malformed.Count == 0)
        {
            return result;
        }

        var unreadable = malformed.Select(m => m.Index).ToHashSet();
        var rejected = result.Rejected.Where(r => !unreadable.Contains(r.Index)).Concat(malformed).OrderBy(r => r.Index).ToList();
        return result with { Rejected = rejected };
    }
}
