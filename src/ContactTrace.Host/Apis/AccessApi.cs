using System.Globalization;
using System.Security.Cryptography;
using ContactTrace.Access;
using ContactTrace.Host.Auth;

namespace ContactTrace.Host.Apis;

public static class AccessApi
{
    public static RouteGroupBuilder MapAccessApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api").WithTags("Access");

        api.MapPost("/keys", CreateKey).WithName("CreateKey").WithSummary("Create an API key; its secret is shown once").RequireAuthorization(Policies.Admin);
        api.MapGet("/keys", ListKeys).WithName("ListKeys").WithSummary("The keys created through the API, without secrets").RequireAuthorization(Policies.Admin);
        api.MapDelete("/keys/{keyId}", RevokeKey).WithName("RevokeKey").ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Revoke a key on every silo within seconds").RequireAuthorization(Policies.Admin);
        api.MapGet("/audit", GetAudit).WithName("GetAudit").WithSummary("Reads of personal data, newest first, by key and subject").RequireAuthorization(Policies.Admin);

        return api;
    }

    public static async Task<Results<Created<KeyView>, ValidationProblem>> CreateKey(
        KeyInput body, IAccessStore access, ApiKeyStore keys, [FromKeyedServices(Clock.Key)] TimeProvider time)
    {
        var errors = new FieldErrors().OptionalText("name", body.Name, 200);
        if (!Roles.IsKnown(body.Role))
        {
            errors.Add("role", "must be admin, tracer, scanner, hotel, lab or public");
        }

        if (body.Role == Roles.Hotel)
        {
            errors.RequireId("hotelId", body.HotelId);
        }
        else if (body.HotelId is not null)
        {
            errors.Add("hotelId", "applies to role hotel only");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var secret = "ct_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var key = new StoredApiKey("key:" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), ApiKeyStore.Hash(secret), body.Role!, body.HotelId, body.Name, time.GetUtcNow(), null);
        await access.CreateKeyAsync(key);
        keys.Invalidate();
        return TypedResults.Created($"/api/keys/{key.KeyId}", ToView(key) with { Key = secret });
    }

    public static async Task<Ok<Page<KeyView>>> ListKeys(IAccessStore access) =>
        TypedResults.Ok(new Page<KeyView>([.. (await access.ListKeysAsync()).Select(ToView)], null));

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeKey(string keyId, IAccessStore access, ApiKeyStore keys, [FromKeyedServices(Clock.Key)] TimeProvider time)
    {
        if (!await access.RevokeKeyAsync(keyId, time.GetUtcNow()))
        {
            return TypedResults.Problem(Problems.NotFound("keyId", $"No key '{keyId}'."));
        }

        keys.Invalidate();
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<Page<AuditEntryView>>, ValidationProblem>> GetAudit(string? keyId, string? subject, string? after, int? limit, IAccessStore access)
    {
        var errors = new FieldErrors().OptionalId("keyId", keyId).OptionalId("subject", subject);
        long? before = null;
        if (after is not null)
        {
            if (long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out var cursor))
            {
                before = cursor;
            }
            else
            {
                errors.Add("after", "must be a cursor from this list");
            }
        }

        if (limit is < 1 or > 1000)
        {
            errors.Add("limit", "must be between 1 and 1000");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var size = limit ?? 100;
        var entries = await access.ReadAuditAsync(keyId, subject, before, size);
        var views = entries.Select(e => new AuditEntryView(e.Id.ToString(CultureInfo.InvariantCulture), e.At, e.KeyId, e.Endpoint, e.Subjects)).ToList();
        return TypedResults.Ok(new Page<AuditEntryView>(views, entries.Count == size ? views[^1].Id : null));
    }

    private static KeyView ToView(StoredApiKey key) => new(key.KeyId, key.Role, key.HotelId, key.Name, key.CreatedAt, key.RevokedAt);
}
