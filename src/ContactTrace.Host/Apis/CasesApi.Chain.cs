using System.Globalization;
using System.Security.Claims;
using System.Text;
using ContactTrace.Cases;
using ContactTrace.Host.Reports;

namespace ContactTrace.Host.Apis;

public static partial class CasesApi
{
    private const int DefaultChainPage = 500;
    private const int MaxChainPage = 5000;

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
