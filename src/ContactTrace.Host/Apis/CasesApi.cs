using ContactTrace.Cases;
using ContactTrace.Host.Auth;

namespace ContactTrace.Host.Apis;

public static partial class CasesApi
{
    public static RouteGroupBuilder MapCasesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/cases").WithTags("Cases");

        api.MapPost("/", PostCase)
            .WithName("PostCase").ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Report a case and start its two-tier trace").RequireAuthorization(Policies.Tracer);
        api.MapGet("/{caseId}", GetCase)
            .WithName("GetCase").ProducesProblem(StatusCodes.Status404NotFound).WithSummary("A case with its trace status and counts").RequireAuthorization(Policies.Tracer);
        api.MapPut("/{caseId}/classification", PutClassification)
            .WithName("PutClassification").ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Convert an asymptomatic case to confirmed").RequireAuthorization(Policies.Tracer);
        api.MapPost("/{caseId}/contacts", PostReportedContact)
            .WithName("PostReportedContact").WithDescription("at and until must lie inside the case's exposure window (windowStart to windowEnd), else 400 naming the field. The person must be registered, or the body carries their district and they are registered with it; else 400 naming personId.").ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Add a contact found by interview; it is traced like any tier-1 contact").RequireAuthorization(Policies.Tracer);
        api.MapGet("/{caseId}/contacts", GetContacts)
            .WithName("GetContacts").ProducesProblem(StatusCodes.Status404NotFound).WithSummary("The case's contacts by tier and category, paged; format=csv exports them all").RequireAuthorization(Policies.Tracer);
        api.MapGet("/{caseId}/chain", GetChain)
            .WithName("GetChain").ProducesProblem(StatusCodes.Status404NotFound).WithSummary("The case's transmission cluster, summarised and paged; format=dot gives Graphviz").RequireAuthorization(Policies.Tracer);

        return api;
    }

    public static async Task<Results<Accepted<CaseAccepted>, ProblemHttpResult, ValidationProblem>> PostCase(CaseInput body, [AsParameters] CaseServices services)
    {
        var errors = new List<(string Field, string Message)>();
        var report = CaseReportValidator.Validate(body, services.Time.GetUtcNow(), errors);
        if (report is not null && report.District is null && await services.Grains.GetGrain<IPersonGrain>(report.PersonId).GetAsync() is null)
        {
            errors.Add(("district", "is required when the person is not registered"));
        }

        if (errors.Count > 0)
        {
            return ToProblem(errors);
        }

        var result = await services.Grains.GetGrain<ICaseGrain>(report!.CaseId).ReportAsync(report);
        if (result.Outcome == CaseReportOutcome.Conflict)
        {
            return TypedResults.Problem(Problems.Conflict("caseId", $"Case '{report.CaseId}' was reported before with a different body."));
        }

        return TypedResults.Accepted($"/api/cases/{report.CaseId}", new CaseAccepted(report.CaseId, TraceView.Of(result.Case!.Trace)));
    }

    public static async Task<Results<Ok<CaseView>, ProblemHttpResult, ValidationProblem>> GetCase(string caseId, [AsParameters] CaseServices services)
    {
        if (!Ids.IsValid(caseId))
        {
            return new FieldErrors().RequireId("caseId", caseId).ToProblem();
        }

        var record = await services.Grains.GetGrain<ICaseGrain>(caseId).GetAsync();
        return record is null
            ? TypedResults.Problem(Problems.NotFound("caseId", $"No case '{caseId}' was reported."))
            : TypedResults.Ok(CaseView.From(record, await services.Traces.GetClusterIdAsync(caseId)));
    }

    internal static ValidationProblem ToProblem(List<(string Field, string Message)> errors)
    {
        var fields = new FieldErrors();
        foreach (var (field, message) in errors)
        {
            fields.Add(field, message);
        }

        return fields.ToProblem();
    }
}
