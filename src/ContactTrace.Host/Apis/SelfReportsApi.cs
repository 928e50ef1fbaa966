using System.Security.Claims;
using ContactTrace.Cases;
using ContactTrace.Host.Auth;
using Microsoft.Extensions.Options;

namespace ContactTrace.Host.Apis;

public static class SelfReportsApi
{
    private const int DefaultPage = 50;
    private const int MaxPage = 500;
    private const int MaxNote = 1000;

    public static RouteGroupBuilder MapSelfReportsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/self-reports").WithTags("Self-reports");

        api.MapPost("/", PostSelfReport)
            .WithName("PostSelfReport").ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("A citizen's self-report (主动报备): I was at this venue then; it reaches the tracers as a candidate contact, never an isolation by itself")
            .RequireAuthorization(Policies.AnyKey);
        api.MapGet("/", ListSelfReports)
            .WithName("ListSelfReports").WithSummary("Self-reports (status open, confirmed or dismissed; all without it), oldest first, paged")
            .RequireAuthorization(Policies.Tracer);
        api.MapPost("/{reportId}/confirm", ConfirmSelfReport)
            .WithName("ConfirmSelfReport").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Confirm a self-report into a reported contact of a case, traced like any tier-1 contact")
            .RequireAuthorization(Policies.Tracer);
        api.MapPost("/{reportId}/dismiss", DismissSelfReport)
            .WithName("DismissSelfReport").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Dismiss a self-report").RequireAuthorization(Policies.Tracer);

        return api;
    }

    public static async Task<Results<Accepted<SelfReportAccepted>, ProblemHttpResult, ValidationProblem>> PostSelfReport(
        SelfReportInput body, [AsParameters] SelfReportServices services, CancellationToken cancellationToken)
    {
        var now = services.Time.GetUtcNow();
        var errors = new FieldErrors()
            .RequireId("reportId", body.ReportId)
            .OptionalId("personId", body.PersonId)
            .RequireId("venueId", body.VenueId)
            .OptionalId("caseId", body.CaseId)
            .OptionalText("note", body.Note, MaxNote);
        if (body.Phone is not null && !IsPhone(body.Phone))
        {
            errors.Add("phone", "must be 5-20 digits, optionally with a leading + and spaces or dashes");
        }
        else if (body.Phone is null && body.PersonId is null)
        {
            errors.Add("phone", "phone or personId is required, so that the tracers can reach the reporter");
        }

        var at = ParseTime(errors, "at", body.At, now, services.Options.Value.RetentionDays);
        if (errors.IsEmpty && await services.Registry.GetVenueAsync(body.VenueId!, cancellationToken) is null)
        {
            errors.Add("venueId", $"venue '{body.VenueId}' is not registered");
        }

        if (errors.IsEmpty && body.CaseId is not null && await services.Grains.GetGrain<ICaseGrain>(body.CaseId).GetAsync() is null)
        {
            errors.Add("caseId", $"no case '{body.CaseId}' was reported");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var report = new SelfReport(body.ReportId!, body.Phone, body.PersonId, body.VenueId!, at!.Value.ToUniversalTime(), body.Note, body.CaseId,
            ManagementRules.ToMicroseconds(now), SelfReportStatuses.Open);
        var stored = await services.Reports.AddAsync(report, cancellationToken);
        return stored.SameSubmission(report)
            ? TypedResults.Accepted($"/api/self-reports/{report.ReportId}", new SelfReportAccepted(stored.ReportId, stored.Status))
            : TypedResults.Problem(Problems.Conflict("reportId", $"Report '{report.ReportId}' was sent before with a different body."));
    }

    public static async Task<Results<Ok<Page<SelfReportView>>, ValidationProblem>> ListSelfReports(
        string? status, string? after, int? limit, ClaimsPrincipal user, [AsParameters] SelfReportServices services, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors().OneOf("status", status, SelfReportStatuses.All);
        var cursor = errors.Cursor(after);
        var size = errors.Limit(limit, DefaultPage, MaxPage);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var reports = await services.Reports.ListAsync(status, cursor, size, cancellationToken);
        await services.Audit.RecordAsync(user, "GET /api/self-reports", reports.Select(r => r.PersonId ?? $"self-report:{r.ReportId}"));
        return TypedResults.Ok(new Page<SelfReportView>([.. reports.Select(SelfReportView.Of)],
            reports.Count == size ? new Queries.ListKey(reports[^1].ReceivedAt, reports[^1].ReportId).ToString() : null));
    }

    /// <summary>
    /// Confirms the report into a reported contact of the case (the report's own case and person unless the body
    /// names others): the person must be registered and the report's time inside the case's window. Confirming the
    /// same way again answers the same; a report resolved otherwise is a conflict.
    /// </summary>
    public static async Task<Results<Ok<SelfReportView>, ProblemHttpResult, ValidationProblem>> ConfirmSelfReport(
        string reportId, SelfReportConfirmation? body, ClaimsPrincipal user, [AsParameters] SelfReportServices services, CancellationToken cancellationToken)
    {
        if (await FindAsync(reportId, services, cancellationToken) is not { } report)
        {
            return TypedResults.Problem(Problems.NotFound("reportId", $"No self-report '{reportId}'."));
        }

        var caseId = body?.CaseId ?? report.CaseId;
        var personId = body?.PersonId ?? report.PersonId;
        var setting = body?.Setting ?? "other";
        var errors = new FieldErrors();
        RequireNamed(errors, "caseId", caseId, "the report names no case");
        RequireNamed(errors, "personId", personId, "the report names no person; find them by phone and name them");
        if (!ContactSettings.IsKnown(setting))
        {
            errors.Add("setting", $"must be one of {string.Join(", ", ContactSettings.All)}");
        }

        var until = body?.Until is null ? null : ParseTime(errors, "until", body.Until, services.Time.GetUtcNow(), services.Options.Value.RetentionDays);
        if (until < report.At)
        {
            errors.Add("until", "must not be before the report's time");
        }

        if (report.Status == SelfReportStatuses.Confirmed && errors.IsEmpty)
        {
            return report.ResolvedCaseId == caseId && report.ResolvedPersonId == personId
                ? TypedResults.Ok(await AuditedAsync(report, user, services))
                : TypedResults.Problem(Problems.Conflict("reportId", $"Report '{reportId}' was confirmed for case '{report.ResolvedCaseId}' and person '{report.ResolvedPersonId}'."));
        }

        if (report.Status == SelfReportStatuses.Dismissed)
        {
            return TypedResults.Problem(Problems.Conflict("reportId", $"Report '{reportId}' was dismissed."));
        }

        var grain = services.Grains.GetGrain<ICaseGrain>(caseId ?? "-");
        var record = errors.IsEmpty ? await grain.GetAsync() : null;
        if (errors.IsEmpty)
        {
            await CheckContactAsync(errors, record, caseId!, personId!, report.At, services);
        }

        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        await grain.AddReportedContactAsync(new ReportedContact(personId!, report.At, until?.ToUniversalTime(), setting, $"self-report {reportId}{(report.Note is { } note ? ": " + note : "")}"));
        var resolved = report with
        {
            Status = SelfReportStatuses.Confirmed,
            ResolvedAt = services.Time.GetUtcNow(),
            ResolvedBy = user.KeyId(),
            ResolvedCaseId = caseId,
            ResolvedPersonId = personId,
        };
        return TypedResults.Ok(await AuditedAsync(await services.Reports.ResolveAsync(resolved, cancellationToken) ?? resolved, user, services));
    }

    public static async Task<Results<Ok<SelfReportView>, ProblemHttpResult, ValidationProblem>> DismissSelfReport(
        string reportId, SelfReportDismissal? body, ClaimsPrincipal user, [AsParameters] SelfReportServices services, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors().OptionalText("reason", body?.Reason, MaxNote);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        if (await FindAsync(reportId, services, cancellationToken) is not { } report)
        {
            return TypedResults.Problem(Problems.NotFound("reportId", $"No self-report '{reportId}'."));
        }

        if (report.Status == SelfReportStatuses.Confirmed)
        {
            return TypedResults.Problem(Problems.Conflict("reportId", $"Report '{reportId}' was confirmed for case '{report.ResolvedCaseId}'."));
        }

        var resolved = report.Status == SelfReportStatuses.Dismissed
            ? report
            : await services.Reports.ResolveAsync(report with
            {
                Status = SelfReportStatuses.Dismissed,
                ResolvedAt = services.Time.GetUtcNow(),
                ResolvedBy = user.KeyId(),
                Reason = body?.Reason,
            }, cancellationToken) ?? report;
        return TypedResults.Ok(await AuditedAsync(resolved, user, services));
    }

    private static Task<SelfReport?> FindAsync(string reportId, SelfReportServices services, CancellationToken cancellationToken) =>
        Ids.IsValid(reportId) ? services.Reports.GetAsync(reportId, cancellationToken) : Task.FromResult<SelfReport?>(null);

    private static async Task<SelfReportView> AuditedAsync(SelfReport report, ClaimsPrincipal user, SelfReportServices services)
    {
        await services.Audit.RecordAsync(user, "POST /api/self-reports/{reportId}", [report.ResolvedPersonId ?? report.PersonId ?? $"self-report:{report.ReportId}"]);
        return SelfReportView.Of(report);
    }

    // The contact rules of POST /api/cases/{caseId}/contacts, plus the report's time inside the case's window.
    private static async Task CheckContactAsync(FieldErrors errors, CaseRecord? record, string caseId, string personId, DateTimeOffset at, SelfReportServices services)
    {
        if (record is null)
        {
            errors.Add("caseId", $"no case '{caseId}' was reported");
            return;
        }

        if (personId == record.Report.PersonId)
        {
            errors.Add("personId", "is the case's own person");
        }
        else if (await services.Grains.GetGrain<IPersonGrain>(personId).GetAsync() is null)
        {
            errors.Add("personId", $"person '{personId}' is not registered");
        }

        if (at < record.WindowStart || at > record.WindowEnd)
        {
            errors.Add("at", $"the report's time is outside case '{caseId}''s window ({record.WindowStart:u} to {record.WindowEnd:u})");
        }
    }

    private static void RequireNamed(FieldErrors errors, string field, string? id, string missing)
    {
        if (id is null)
        {
            errors.Add(field, $"is required: {missing}");
        }
        else
        {
            errors.RequireId(field, id);
        }
    }

    // The time rules of the case endpoints, and not older than the results and scans are kept.
    private static DateTimeOffset? ParseTime(FieldErrors errors, string field, string? text, DateTimeOffset now, int maxAgeDays)
    {
        var time = errors.Time(field, text, now);
        if (time < now.AddDays(-maxAgeDays))
        {
            errors.Add(field, $"is more than {maxAgeDays} days in the past");
            return null;
        }

        return time;
    }

    private static bool IsPhone(string phone) =>
        phone.Length is >= 5 and <= 24
        && phone.Count(char.IsAsciiDigit) is >= 5 and <= 20
        && phone.Select((c, i) => char.IsAsciiDigit(c) || c is ' ' or '-' || (c == '+' && i == 0)).All(ok => ok);
}

/// <summary>What the self-report handlers need, bundled for <c>[AsParameters]</c>.</summary>
public sealed class SelfReportServices(
    ISelfReportStore reports,
    IRegistryStore registry,
    IGrainFactory grains,
    AuditTrail audit,
    IOptions<ScreeningOptions> options,
    [FromKeyedServices(Clock.Key)] TimeProvider time)
{
    public ISelfReportStore Reports { get; } = reports;

    public IRegistryStore Registry { get; } = registry;

    public IGrainFactory Grains { get; } = grains;

    public AuditTrail Audit { get; } = audit;

    public IOptions<ScreeningOptions> Options { get; } = options;

    public TimeProvider Time { get; } = time;
}
