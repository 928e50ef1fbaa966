using ContactTrace.Host.Auth;

namespace ContactTrace.Host.Apis;

public static class PersonsApi
{
    public static RouteGroupBuilder MapPersonsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/persons").WithTags("Registry");

        api.MapPut("/{personId}", PutPerson)
            .WithName("PutPerson").WithSummary("Register or update a person").RequireAuthorization(Policies.Admin);
        api.MapGet("/{personId}", GetPerson)
            .WithName("GetPerson").WithSummary("A person with their management and health code").RequireAuthorization(Policies.Tracer);

        return api;
    }

    public static async Task<Results<Ok<PersonView>, ValidationProblem>> PutPerson(
        string personId, PersonRegistration body, [AsParameters] RegistryServices services)
    {
        var errors = new FieldErrors()
            .RequireId("personId", personId)
            .RequireDistrict("district", body.District)
            .OptionalId("householdId", body.HouseholdId)
            .OptionalText("name", body.Name, 200)
            .OptionalText("phone", body.Phone, 32);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var grain = services.Grains.GetGrain<IPersonGrain>(personId);
        await grain.SetProfileAsync(new PersonProfile(body.District!, body.HouseholdId, body.Name, body.Phone));
        return TypedResults.Ok(ToView(personId, (await grain.GetAsync())!));
    }

    public static async Task<Results<Ok<PersonView>, ProblemHttpResult, ValidationProblem>> GetPerson(
        string personId, [AsParameters] RegistryServices services)
    {
        var errors = new FieldErrors().RequireId("personId", personId);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var person = await services.Grains.GetGrain<IPersonGrain>(personId).GetAsync();
        return person is null
            ? TypedResults.Problem(Problems.NotFound("personId", $"No person '{personId}' is registered."))
            : TypedResults.Ok(ToView(personId, person));
    }

    private static PersonView ToView(string personId, PersonSnapshot person) => new(
        personId,
        person.Profile.District,
        person.Profile.HouseholdId,
        person.Profile.Name,
        person.Profile.Phone,
        new ManagementView(person.Management.Category, person.Management.Since, person.Management.Until),
        HealthCodes.For(person.Management.Category),
        [],
        []);
}
