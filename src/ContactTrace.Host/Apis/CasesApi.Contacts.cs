using System.Security.Claims;
using ContactTrace.Cases;

namespace ContactTrace.Host.Apis;

public static partial class CasesApi
{
    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 1000;

    /// <summary>
    /// A contact found by interview. The exposure must lie inside the case's exposure window (<c>at</c> and
    /// <c>until</c> between its start and end), and the person must be registered — or the body carries their
    /// district, and they are registered with it. Nothing is written unless every field is valid.
    /// </summary>
    public static async Task<Results<Accepted<CaseView>, ProblemHttpResult, ValidationProblem>> PostReportedContact(
        string caseId, ReportedContactInput body, [AsParameters] CaseServices services)
    {
        var grain = services.Grains.GetGrain<ICaseGrain>(caseId);
        var record = Ids.IsValid(caseId) ? await grain.GetAsync() : null;
        if (record is null)
        {
            return TypedResults.Problem(Problems.NotFound("caseId", $"No case '{caseId}' was reported."));
        }

        var errors = new FieldErrors().RequireId("personId", body.PersonId).OptionalText("note", body.Note, 1000);
        if (body.PersonId == record.Report.PersonId)
        {
            errors.Add("personId", "is the case's own person");
        }

        if (!ContactSettings.IsKnown(body.Setting))
        {
            errors.Add("setting", $"must be one of {string.Join(", ", ContactSettings.All)}");
        }

        var now = services.Time.GetUtcNow();
        var at = InsideWindow(errors, "at", errors.Time("at", body.At, now), record, services.Times);
        var until = body.Until is null ? null : InsideWindow(errors, "until", errors.Time("until", body.Until, now), record, services.Times);
        if (at is not null && until is not null && until < at)
        {
            errors.Add("until", "must not be before at");
        }

        var person = Ids.IsValid(body.PersonId) ? services.Grains.GetGrain<IPersonGrain>(body.PersonId!) : null;
        var unregistered = person is not null && await person.GetAsync() is null;
        if (unregistered && body.District is null)
        {
            errors.Add("personId", $"'{body.PersonId}' is not registered: register the person first (PUT /api/persons/{{personId}}) or send their district to register them with it");
        }
        else if (unregistered)
        {
            errors.RequireDistrict("district", body.District);
        }

        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        if (unregistered)
        {
            await person!.SetProfileAsync(new PersonProfile(body.District!, null, null, null));
        }

        var updated = await grain.AddReportedContactAsync(new ReportedContact(body.PersonId!, at!.Value.ToUniversalTime(), until?.ToUniversalTime(), body.Setting!, body.Note));
        return TypedResults.Accepted($"/api/cases/{caseId}/contacts", CaseView.From(updated!, null));
    }

    // A contact's exposure counts only inside the window the case could infect in; outside it is a mistake.
    private static DateTimeOffset? InsideWindow(FieldErrors errors, string field, DateTimeOffset? time, CaseRecord record, ResponseTimes times)
    {
        if (time is { } t && (t < record.WindowStart || t > record.WindowEnd))
        {
            errors.Add(field, $"must lie inside the case's exposure window, {times.Format(record.WindowStart)} to {times.Format(record.WindowEnd)}");
            return null;
        }

        return time;
    }

    public static async Task<Results<Ok<Page<ContactView>>, EmptyHttpResult, ProblemHttpResult, ValidationProblem>> GetContacts(
        string caseId, int? tier, string? category, string? after, int? limit, string? format, HttpResponse response, ClaimsPrincipal user, [AsParameters] CaseServices services)
    {
        var errors = new FieldErrors().RequireId("caseId", caseId).OptionalId("after", after);
        if (tier is not (null or 1 or 2))
        {
            errors.Add("tier", "must be 1 or 2");
        }

        if (category is not (null or ManagementCategory.CloseContact or ManagementCategory.SecondaryContact or ManagementCategory.VenueExposed
            or ManagementCategory.HomeIsolation))
        {
            errors.Add("category", "must be close-contact, secondary-contact, venue-exposed or home-isolation");
        }

        if (limit is < 1 or > MaxPageSize)
        {
            errors.Add("limit", $"must be between 1 and {MaxPageSize}");
        }

        if (format is not (null or "json" or "csv"))
        {
            errors.Add("format", "must be json or csv");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        if (await services.Grains.GetGrain<ICaseGrain>(caseId).GetAsync() is null)
        {
            return TypedResults.Problem(Problems.NotFound("caseId", $"No case '{caseId}' was reported."));
        }

        if (format == "csv")
        {
            await WriteContactsCsvAsync(caseId, tier, category, response, user, services);
            return TypedResults.Empty;
        }

        var size = limit ?? DefaultPageSize;
        var items = await services.Queries.GetContactsAsync(caseId, tier, category, after, size);
        await services.Audit.RecordAsync(user, "GET /api/cases/{caseId}/contacts", [$"case:{caseId}", .. items.Select(i => i.Finding.PersonId)]);
        return TypedResults.Ok(new Page<ContactView>([.. items.Select(ContactView.From)], items.Count == size ? items[^1].Finding.PersonId : null));
    }

    public static async Task<Results<Ok<CaseView>, ProblemHttpResult, ValidationProblem>> PutClassification(
        string caseId, ClassificationInput body, [AsParameters] CaseServices services)
    {
        var grain = services.Grains.GetGrain<ICaseGrain>(caseId);
        var record = Ids.IsValid(caseId) ? await grain.GetAsync() : null;
        if (record is null)
        {
            return TypedResults.Problem(Problems.NotFound("caseId", $"No case '{caseId}' was reported."));
        }

        var errors = new FieldErrors();
        if (body.Classification != Classifications.Confirmed)
        {
            errors.Add("classification", "must be confirmed: only an asymptomatic case converts");
        }

        var at = errors.Time("at", body.At, services.Time.GetUtcNow());
        if (record.Report.Classification != Classifications.Asymptomatic)
        {
            errors.Add("classification", "the case is not asymptomatic");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var converted = await grain.ConvertToConfirmedAsync(at!.Value.ToUniversalTime());
        return TypedResults.Ok(await ViewAsync(converted!, services));
    }
}
