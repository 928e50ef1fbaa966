using System.Globalization;
using System.Threading.RateLimiting;
using ContactTrace.Host.Auth;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.RateLimiting;

namespace ContactTrace.Host.Extensions;

/// <summary>
/// Per-key rate limits (a token bucket per API key, or per address before authentication; 429 with Retry-After)
/// and a request timeout. Everything but the operational endpoints (health, metrics) is limited, whatever the
/// letter case of the path: routing matches <c>/API/policy</c> like <c>/api/policy</c>, so the limiter must too.
/// </summary>
public static class AbuseLimits
{
    public const string SectionName = "ContactTrace:RateLimit";

    public static IServiceCollection AddAbuseLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(SectionName);
        var perSecond = section.GetValue("PermitsPerSecond", 200);
        var burst = section.GetValue("Burst", 400);
        services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                !ServiceDefaults.IsOperationalPath(context.Request.Path)
                    ? RateLimitPartition.GetTokenBucketLimiter(PartitionOf(context), _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = burst,
                        TokensPerPeriod = perSecond,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    })
                    : RateLimitPartition.GetNoLimiter("operations"));
            options.OnRejected = RejectAsync;
        });
        services.AddRequestTimeouts(options => options.DefaultPolicy = new RequestTimeoutPolicy
        {
            Timeout = TimeSpan.FromSeconds(section.GetValue("RequestTimeoutSeconds", 60)),
            TimeoutStatusCode = StatusCodes.Status504GatewayTimeout,
        });
        return services;
    }

    private static string PartitionOf(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true ? context.User.KeyId() : "ip:" + context.Connection.RemoteIpAddress;

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var response = rejected.HttpContext.Response;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await rejected.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = rejected.HttpContext,
            ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = "Too many requests for this key.", Extensions = { ["field"] = "X-Api-Key" } },
        });
    }
}
