using ContactTrace.Host.Auth;
using ContactTrace.Policy;

namespace ContactTrace.Host.Apis;

public static class PolicyApi
{
    public static RouteGroupBuilder MapPolicyApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/policy").WithTags("Policy");

        api.MapGet("/", GetPolicy)
            .WithName("GetPolicy").WithSummary("The policy in force: its preset and every value").RequireAuthorization(Policies.Tracer);

        return api;
    }

    public static Ok<TracingPolicy> GetPolicy(TracingPolicy policy) => TypedResults.Ok(policy);
}
