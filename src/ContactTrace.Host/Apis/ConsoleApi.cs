using System.Security.Claims;
using ContactTrace.Cases;
using ContactTrace.Host.Auth;
using Microsoft.Extensions.Options;

namespace ContactTrace.Host.Apis;

/// <summary>What the tracing teams' console asks of the host besides the API it shows: the city's zone and labels.</summary>
public static class ConsoleApi
{
    public static RouteGroupBuilder MapConsoleApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/console").WithTags("Console");

        api.MapGet("/settings", GetSettings)
            .WithName("GetConsoleSettings").WithSummary("The zone times are shown in, the caller's role, district and channel labels").RequireAuthorization(Policies.Tracer);

        return api;
    }

    public static Ok<ConsoleSettingsView> GetSettings(ClaimsPrincipal user, IOptions<ContactTraceOptions> options) =>
        TypedResults.Ok(new ConsoleSettingsView(
            options.Value.TimeZone,
            user.IsInRole(Roles.Admin) ? Roles.Admin : Roles.Tracer,
            [.. Districts.All.Select(d => new CodeLabel(d.Code, d.Label))],
            [.. DiscoveryChannels.All.Select(c => new CodeLabel(c.Code, c.Label))]));
}
