using System.Security.Claims;
using ContactTrace.Host.Auth;
using ContactTrace.Queries;

namespace ContactTrace.Host.Apis;

public static class PersonsApi
{
    public static RouteGroupBuilder MapPersonsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/persons").WithTags("Registry");

        api.MapGet("/", SearchPersons)
            .WithName("SearchPersons").WithSummary("Persons whose id, name or phone starts with q, within district, household or compound").RequireAuthorization(Policies.Tracer);
        api.MapPut("/{personId}", PutPerson)
            .WithName("PutPerson").WithSummary("Register or update a person").RequireAuthorization(Policies.Admin);
        api.MapGet("/{personId}", GetPerson)
            .WithName("GetPerson").ProducesProblem(StatusCodes.Status404NotFound).WithSummary("A person with their management and health code").RequireAuthorization(Policies.Tracer);
        api.MapDelete("/{personId}", ErasePerson)
            .WithName("ErasePerson").ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Erase a person's name and phone, keeping counts and chains").RequireAuthorization(Policies.Admin);
        api.MapGet("/{personId}/exposures", GetPersonExposures)
            .WithName("GetPersonExposures").WithSummary("Every case that reached the person, by which path").RequireAuthorization(Policies.Tracer);

        return api;
    }

    /// <summary>
    /// A search by prefix of id, name or phone (q), or the residents of a household or compound, by person id,
    /// paged; every person found is recorded in the audit log, since the answer holds names and phones.
    /// </summary>
    public static async Task<Results<Ok<Page<PersonSearchItemView>>, ValidationProblem>> SearchPersons(
        string? q, string? district, string? householdId, string? compoundId, string? after, int? limit,
        ClaimsPrincipal user, [AsParameters] TracingWorkServices services, CancellationToken cancellationToken)
    {
        var prefix = q?.Trim();
        var errors = new FieldErrors()
            .OneOf("district", district, Districts.All.Select(d => d.Code))
            .OptionalId("householdId", householdId)
            .OptionalId("compoundId", compoundId)
            .OptionalId("after", after);
        if (prefix is not null && !IsSearchText(prefix))
        {
            errors.Add("q", $"must be 1-{MaxSearchLength} letters, digits, spaces or . _ : - + of an id, a name or a phone");
        }
        else if (prefix is null && householdId is null && compoundId is null)
        {
            errors.Add("q", "is required unless householdId or compoundId is given");
        }

        var size = errors.Limit(limit, DefaultSearchPage, MaxSearchPage);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var rows = await services.Queries.SearchPersonsAsync(new(prefix, district, householdId, compoundId), after, size, cancellationToken);
        await services.Audit.RecordAsync(user, "GET /api/persons", rows.Select(r => r.PersonId));
        var now = services.Time.GetUtcNow();
        return TypedResults.Ok(new Page<PersonSearchItemView>([.. rows.Select(r => PersonSearchItemView.Of(r, now, services.Codes.CodeOf(r.PersonId)))], rows.Count == size ? rows[^1].PersonId : null));
    }

    private const int MaxSearchLength = 64;
    private const int DefaultSearchPage = 20;
    private const int MaxSearchPage = 100;

    // Names (any script), phones and ids; nothing a pattern or a statement could be made of.
    private static bool IsSearchText(string text) =>
        text.Length is > 0 and <= MaxSearchLength
        && text.All(c => char.IsLetterOrDigit(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark
            || c is ' ' or '.' or '_' or ':' or '-' or '+' or '·');

    public static async Task<Results<Ok<PersonView>, ValidationProblem>> PutPerson(
        string personId, PersonRegistration body, [AsParameters] RegistryServices services)
    {
        var errors = new FieldErrors()
            .RequireId("personId", personId)
            .RequireDistrict("district", body.District)
            .OptionalId("householdId", body.HouseholdId)
            .OptionalId("compoundId", body.CompoundId)
            .OptionalText("name", body.Name, 200)
            .OptionalText("phone", body.Phone, 32);
        // A move the registry learns late: when the person joined the household, so that tracing counts them from then.
        var householdSince = errors.Time("householdSince", body.HouseholdSince, services.Time.GetUtcNow(), required: false);
        if (body.HouseholdSince is not null && body.HouseholdId is null)
        {
            errors.Add("householdSince", "needs householdId");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var grain = services.Grains.GetGrain<IPersonGrain>(personId);
        await grain.SetProfileAsync(new PersonProfile(body.District!, body.HouseholdId, body.Name, body.Phone, body.CompoundId, householdSince));
        return TypedResults.Ok(await ToViewAsync(personId, (await grain.GetAsync())!, services));
    }

    public static async Task<Results<Ok<PersonView>, ProblemHttpResult, ValidationProblem>> GetPerson(
        string personId, ClaimsPrincipal user, [AsParameters] RegistryServices services)
    {
        var errors = new FieldErrors().RequireId("personId", personId);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        await services.Audit.RecordAsync(user, "GET /api/persons/{personId}", [personId]);
        var person = await services.Grains.GetGrain<IPersonGrain>(personId).GetAsync();
        return person is null
            ? TypedResults.Problem(Problems.NotFound("personId", $"No person '{personId}' is registered."))
            : TypedResults.Ok(await ToViewAsync(personId, person, services));
    }

    public static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> ErasePerson(string personId, [AsParameters] RegistryServices services)
    {
        var errors = new FieldErrors().RequireId("personId", personId);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var grain = services.Grains.GetGrain<IPersonGrain>(personId);
        if (await grain.GetAsync() is not { } person)
        {
            return TypedResults.Problem(Problems.NotFound("personId", $"No person '{personId}' is registered."));
        }

        // The id, district and household stay: counts, chains and other people's exposures keep their integrity.
        await grain.SetProfileAsync(person.Profile with { Name = null, Phone = null });
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<Page<PersonExposureView>>, ValidationProblem>> GetPersonExposures(
        string personId, ClaimsPrincipal user, [AsParameters] RegistryServices services)
    {
        var errors = new FieldErrors().RequireId("personId", personId);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        await services.Audit.RecordAsync(user, "GET /api/persons/{personId}/exposures", [personId]);
        return TypedResults.Ok(new Page<PersonExposureView>(await ExposuresAsync(personId, services.Queries), null));
    }

    /// <summary>
    /// The person's exposures with their paths. Sharing a secondary contact's home isolation is one hop further
    /// from the case than the secondary contact: that contact's own exposure to the case names the close contact
    /// in between (one extra read per such exposure; a person has a handful).
    /// </summary>
    private static async Task<ImmutableArray<PersonExposureView>> ExposuresAsync(string personId, ITracingQueries queries)
    {
        var views = ImmutableArray.CreateBuilder<PersonExposureView>();
        foreach (var exposure in await queries.GetPersonExposuresAsync(personId))
        {
            string? closeContact = null;
            if (exposure.Category == ManagementCategory.HomeIsolation && PersonExposureView.Via(exposure) is { } secondary)
            {
                var reached = await queries.GetPersonExposuresAsync(secondary);
                closeContact = reached.Where(r => r.CaseId == exposure.CaseId).Select(PersonExposureView.Via).FirstOrDefault();
            }

            views.Add(PersonExposureView.Of(exposure, personId, closeContact));
        }

        return views.ToImmutable();
    }

    private static async Task<PersonView> ToViewAsync(string personId, PersonSnapshot person, RegistryServices services)
    {
        var management = person.Management;
        var assignments = await services.Managements.GetAssignmentsAsync(personId);
        var exposures = await ExposuresAsync(personId, services.Queries);
        return new PersonView(
            personId,
            person.Profile.District,
            person.Profile.HouseholdId,
            person.Profile.Name,
            person.Profile.Phone,
            new ManagementView(management.Category, management.Since, management.Until),
            await services.Codes.CodeOfAsync(personId),
            [.. assignments.Select(AssignmentView.Of)],
            exposures,
            person.Profile.CompoundId);
    }
}
