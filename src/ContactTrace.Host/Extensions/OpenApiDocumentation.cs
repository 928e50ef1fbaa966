using ContactTrace.Host.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ContactTrace.Host.Extensions;

/// <summary>
/// What <c>/openapi/v1.json</c> says beyond what the endpoints declare themselves: the <c>X-Api-Key</c> security
/// scheme and its requirement on every authorized operation, the answers every <c>/api</c> operation can give
/// (401 without a valid key, 403 outside the key's role, 429 over the key's rate limit), and a description of every
/// parameter, by name — one wording for <c>caseId</c> or <c>after</c> wherever they appear. 404 and 409 are declared
/// by each endpoint where it answers them (<c>ProducesProblem</c>).
/// </summary>
public static class OpenApiDocumentation
{
    public const string SchemeName = "ApiKey";

    private static readonly Dictionary<string, string> Parameters = new(StringComparer.Ordinal)
    {
        ["caseId"] = "The case's id: 1-64 characters of A-Z a-z 0-9 . _ : -.",
        ["personId"] = "The person's id: 1-64 characters of A-Z a-z 0-9 . _ : -. On GET /api/assignments: the person whose assignments to list.",
        ["venueId"] = "The venue's id (its place code): 1-64 characters of A-Z a-z 0-9 . _ : -.",
        ["hotelId"] = "The isolation hotel's id; a hotel key acts for its own hotel only.",
        ["assignmentId"] = "The assignment's id, as the hotel's feed gives it.",
        ["keyId"] = "A key's id (key:…): the key to revoke, or on GET /api/audit the key whose reads to list.",
        ["after"] = "Paging cursor: the `next` of the previous page; omitted for the first page.",
        ["limit"] = "Page size; the default and the maximum are the endpoint's (e.g. 100 and 1000).",
        ["format"] = "Answer format: json (default), or the endpoint's alternative — csv for contacts, dot (Graphviz) for the chain, text (the Chinese bulletin paragraph) for the daily report.",
        ["tier"] = "1 (close contacts and venue-exposed) or 2 (contacts of close contacts and their households).",
        ["category"] = "close-contact, secondary-contact, venue-exposed or home-isolation.",
        ["contacts"] = "true to include the contacts of the page's cases (capped per page).",
        ["date"] = "The local day (ContactTrace:TimeZone) as YYYY-MM-DD; a day not yet begun is refused.",
        ["until"] = "The local time of day the period ends, HH:mm, 24:00 by default; a period not yet ended runs until now (complete: false).",
        ["breakdown"] = "For format=text with both classes: combined (default) or by-class (each class with its own districts and channels).",
        ["status"] = "awaiting-capacity lists the city-wide waiting list; with personId, filters that person's assignments by status.",
        ["district"] = "A district code (e.g. daoli); on the waiting list, the district the waiting persons are registered in.",
        ["subject"] = "Whose reads to list: a person id, or case:<caseId> / hotel:<hotelId>.",
        ["zoneId"] = "The risk zone's id: 1-64 characters of A-Z a-z 0-9 . _ : -.",
        ["reportId"] = "The self-report's id, as its sender chose it: 1-64 characters of A-Z a-z 0-9 . _ : -.",
        ["q"] = "The start of a person's id, name or phone (1-64 characters); every person found is audited.",
        ["householdId"] = "A household id: its registered members.",
        ["compoundId"] = "A residential compound (小区) id: its registered residents.",
        ["channel"] = "A discovery channel code (e.g. community-screening).",
        ["classification"] = "confirmed or asymptomatic (a converted case is confirmed).",
        ["clusterId"] = "A transmission cluster's id: its cases.",
        ["from"] = "The start of the interval, inclusive: an ISO-8601 time with offset, or a local day YYYY-MM-DD (ContactTrace:TimeZone).",
        ["to"] = "The end of the interval, exclusive: an ISO-8601 time with offset, or a local day YYYY-MM-DD (the day included).",
    };

    public static OpenApiOptions AddContactTraceDocumentation(this OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyAuthenticationHandler.HeaderName,
                Description = "An API key from configuration (ContactTrace:ApiKeys) or POST /api/keys; its role decides what it may do.",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            foreach (var parameter in operation.Parameters ?? [])
            {
                if (parameter is OpenApiParameter { Description: null or "" } described && parameter.Name is { } name && Parameters.TryGetValue(name, out var text))
                {
                    described.Description = text;
                }
            }

            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            if (!metadata.OfType<IAuthorizeData>().Any() || metadata.OfType<IAllowAnonymous>().Any())
            {
                return Task.CompletedTask;
            }

            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] });
            operation.Responses ??= [];
            Problem(operation, StatusCodes.Status401Unauthorized, "No valid X-Api-Key.");
            Problem(operation, StatusCodes.Status403Forbidden, "The key's role (or hotel) has no right to this.");
            Problem(operation, StatusCodes.Status429TooManyRequests, "Over the key's rate limit; see Retry-After.");
            return Task.CompletedTask;
        });
        return options;
    }

    private static void Problem(OpenApiOperation operation, int status, string description) =>
        operation.Responses!.TryAdd(status.ToString(System.Globalization.CultureInfo.InvariantCulture), new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() },
        });
}
