using ContactTrace.Host.Auth;
using ContactTrace.Host.Scans;
using ContactTrace.Host.Screening;
using Microsoft.Extensions.Options;

namespace ContactTrace.Host.Apis;

public static class TestsApi
{
    private static readonly TestInput Empty = new(null, null, null, null, null, null);

    public static RouteGroupBuilder MapTestsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/tests").WithTags("Screening");

        api.MapPost("/", PostTests)
            .WithName("PostTests")
            .WithSummary("Ingest a batch of laboratory test results (JSON array or NDJSON, at most 50,000), durably and idempotently; each positive result becomes a case")
            .WithDescription("Each record: { testId, personId, sampledAt, resultAt, result: positive|negative, context: { kind, roundId?, site? }, district? } — "
                + "district registers a person the registry does not know. Answer { accepted, duplicates, rejected: [{ index, testId, field, message }], casesCreated: [caseId] }.")
            .Accepts<List<TestInput>>("application/json", BatchBodyReader.NdjsonMediaType)
            .RequireAuthorization(Policies.Lab);

        return api;
    }

    public static async Task<Results<Ok<TestIngestResult>, ProblemHttpResult>> PostTests(
        HttpRequest request, TestIngestor ingestor, IOptions<ScreeningOptions> options, CancellationToken cancellationToken)
    {
        var body = await BatchBodyReader.ReadAsync(request, options.Value.MaxBatchSize, ScreeningJsonContext.Default.TestInput, Empty, "test", cancellationToken);
        if (body.Problem is { } problem)
        {
            return problem.ToProblem();
        }

        try
        {
            return TypedResults.Ok(await ingestor.IngestAsync(body.Records, body.Malformed, CancellationToken.None));
        }
        catch (TestsStoredException stored)
        {
            return TypedResults.Problem(Problems.StoredButUnfinished("tests", "The test results are stored; reporting their positives did not finish.",
                $"{stored.Accepted} results were stored durably ({stored.Duplicates} were already stored). Send the same batch again to finish; it is idempotent, "
                + "and positive results left without a case are reported within minutes anyway.",
                stored.Accepted, stored.Duplicates));
        }
    }
}
