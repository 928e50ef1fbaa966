using System.Globalization;
using System.Security.Claims;
using System.Text;
using ContactTrace.Cases;
using ContactTrace.Host.Auth;
using ContactTrace.Host.Reports;
using Microsoft.AspNetCore.Http.Timeouts;

namespace ContactTrace.Host.Apis;

public static partial class CasesApi
{
    private const int DefaultChainPage = 500;
    private const int MaxChainPage = 5000;

    public static RouteGroupBuilder MapCasesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/cases").WithTags("Cases");

        api.MapGet("/", ListCases)
            .WithName("ListCases").WithSummary("The case list, newest report first, filtered and paged").RequireAuthorization(Policies.Tracer);
        api.MapGet("/stream", StreamCases)
            .WithName("StreamCases").WithSummary("Every change of a case as server-sent events, resumable with Last-Event-ID").RequireAuthorization(Policies.Tracer)
            .DisableRequestTimeout();
        api.MapGet("/{caseId}/reported-contacts", GetReportedContacts)
            .WithName("GetReportedContacts").ProducesProblem(StatusCodes.Status404NotFound).WithSummary("The contacts reported after interviews, with their notes").RequireAuthorization(Policies.Tracer);

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
        api.MapPost("/{caseId}/withdrawal", PostWithdrawal)
            .WithName("PostWithdrawal").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Withdraw a false-positive case: it stops counting, and the managements it alone caused end")
            .RequireAuthorization(Policies.Tracer);
        api.MapGet("/{caseId}/chain", GetChain)
            .WithName("GetChain").ProducesProblem(StatusCodes.Status404NotFound).WithSummary("The case's transmission cluster, summarised and paged; format=dot gives Graphviz").RequireAuthorization(Policies.Tracer);

        return api;
    }

    public static async Task<Results<Accepted<CaseAccepted>, ProblemHttpResult, ValidationProblem>> PostCase(CaseInput body, [AsParameters] CaseServices services)
    {
        var errors = new FieldErrors();
        var report = CaseReportValidator.Validate(body, services.Time.GetUtcNow(), errors);
        if (report is not null && report.District is null && await services.Grains.GetGrain<IPersonGrain>(report.PersonId).GetAsync() is null)
        {
            errors.Add("district", "is required when the person is not registered");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var result = await services.Grains.GetGrain<ICaseGrain>(report!.CaseId).ReportAsync(report);
        if (result.Outcome == CaseReportOutcome.Conflict)
        {
            return TypedResults.Problem(Problems.Conflict("caseId", $"Case '{report.CaseId}' was reported before with a different body."));
        }

        return TypedResults.Accepted($"/api/cases/{report.CaseId}", new CaseAccepted(report.CaseId, TraceView.Of(result.Case!.Trace)));
    }

    public static async Task<Results<Ok<CaseView>, ProblemHttpResult, ValidationProblem>> GetCase(string caseId, ClaimsPrincipal user, [AsParameters] CaseServices services)
    {
        if (!Ids.IsValid(caseId))
        {
            return new FieldErrors().RequireId("caseId", caseId).ToProblem();
        }

        var record = await services.Grains.GetGrain<ICaseGrain>(caseId).GetAsync();
        if (record is null)
        {
            return TypedResults.Problem(Problems.NotFound("caseId", $"No case '{caseId}' was reported."));
        }

        // The answer names the case's person.
        await services.Audit.RecordAsync(user, "GET /api/cases/{caseId}", [$"case:{caseId}", record.Report.PersonId]);
        return TypedResults.Ok(await ViewAsync(record, services));
    }

    public static async Task<Results<Ok<CaseView>, ProblemHttpResult, ValidationProblem>> PostWithdrawal(
        string caseId, WithdrawalInput body, ClaimsPrincipal user, [AsParameters] CaseServices services)
    {
        var errors = new FieldErrors().RequireId("caseId", caseId).RequireText("reason", body.Reason, 1000);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var grain = services.Grains.GetGrain<ICaseGrain>(caseId);
        switch (await grain.GetAsync())
        {
            case null:
                return TypedResults.Problem(Problems.NotFound("caseId", $"No case '{caseId}' was reported."));
            case { Withdrawal: { } earlier }:
                return TypedResults.Problem(Problems.Conflict("caseId", $"Case '{caseId}' was withdrawn at {earlier.At:O}; nothing changed."));
        }

        var withdrawn = await grain.WithdrawAsync(body.Reason!);
        await services.Audit.RecordAsync(user, "POST /api/cases/{caseId}/withdrawal", [$"case:{caseId}", withdrawn!.Report.PersonId]);
        return TypedResults.Ok(await ViewAsync(withdrawn, services));
    }

    /// <summary>The case as it stands now: its cluster may have merged and its contacts become cases since its trace.</summary>
    internal static async Task<CaseView> ViewAsync(CaseRecord record, CaseServices services)
    {
        var standing = await services.Queries.GetStandingAsync(record.Report.CaseId);
        var trace = standing is null ? record.Trace : record.Trace with { BecameCases = Math.Max(record.Trace.BecameCases, standing.BecameCases) };
        return CaseView.From(record with { Trace = trace }, standing?.ClusterId);
    }

    public static async Task<Results<Ok<ChainView>, ContentHttpResult, ProblemHttpResult, ValidationProblem>> GetChain(
        string caseId, bool? contacts, string? after, int? limit, string? format, ClaimsPrincipal user, [AsParameters] CaseServices services, IReportStore reports)
    {
        var errors = new FieldErrors().RequireId("caseId", caseId).OptionalId("after", after);
        if (limit is < 1 or > MaxChainPage)
        {
            errors.Add("limit", $"must be between 1 and {MaxChainPage}");
        }

        if (format is not (null or "json" or "dot"))
        {
            errors.Add("format", "must be json or dot");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        if (await services.Queries.GetClusterIdAsync(caseId) is not { } clusterId)
        {
            return TypedResults.Problem(Problems.NotFound("caseId", $"No case '{caseId}' was reported."));
        }

        var chain = ChainView.Of(await reports.GetClusterAsync(clusterId, after, limit ?? DefaultChainPage, contacts == true));
        await services.Audit.RecordAsync(user, "GET /api/cases/{caseId}/chain", [$"case:{caseId}", .. chain.Nodes.Select(n => n.PersonId)]);
        return format == "dot" ? TypedResults.Text(ChainDot.Write(chain), "text/vnd.graphviz; charset=utf-8") : TypedResults.Ok(chain);
    }

    /// <summary>Every contact of the case as CSV, streamed page by page, for field teams; each page audited, naming its persons, before it is sent.</summary>
    public static async Task WriteContactsCsvAsync(string caseId, int? tier, string? category, HttpResponse response, ClaimsPrincipal user, CaseServices services)
    {
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"contacts-{caseId}.csv\"";
        await response.WriteAsync("personId,tier,category,firstExposure,lastExposure,assignmentId,assignmentKind,assignmentStatus,hotelId,start,end\n", response.HttpContext.RequestAborted);
        string? after = null;
        while (true)
        {
            var page = await services.Queries.GetContactsAsync(caseId, tier, category, after, MaxPageSize, response.HttpContext.RequestAborted);
            await services.Audit.RecordAsync(user, "GET /api/cases/{caseId}/contacts?format=csv", [$"case:{caseId}", .. page.Select(i => i.Finding.PersonId)]);
            var text = new StringBuilder();
            foreach (var item in page)
            {
                text.AppendLine(CsvLine(item, services.Times));
            }

            await response.WriteAsync(text.ToString(), response.HttpContext.RequestAborted);
            if (page.Count < MaxPageSize)
            {
                return;
            }

            after = page[^1].Finding.PersonId;
        }
    }

    // Ids and codes never need quoting ([A-Za-z0-9._:-]); times are ISO-8601 in the response offset.
    private static string CsvLine(ContactItem item, ResponseTimes times)
    {
        var f = item.Finding;
        var a = item.Assignment;
        return string.Join(',',
            f.PersonId, f.Tier.ToString(CultureInfo.InvariantCulture), f.Category, times.Format(f.FirstExposure), times.Format(f.LastExposure),
            a?.AssignmentId ?? "", a?.Kind ?? "", a?.Status ?? "", a?.HotelId ?? "", a is null ? "" : times.Format(a.Start), a is null ? "" : times.Format(a.End));
    }
}
