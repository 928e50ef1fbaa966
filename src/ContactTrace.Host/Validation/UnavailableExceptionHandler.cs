using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Orleans.Runtime;

namespace ContactTrace.Host.Validation;

/// <summary>
/// Turns a failure that says "not now" rather than "wrong" — a grain call that timed out or found its silo gone,
/// PostgreSQL refusing or dropping a connection — into 503 with Retry-After, instead of a 500 the client cannot
/// act on. The request may or may not have been applied; every write of the API is idempotent, so resending it is
/// the right answer either way, and the problem says so.
/// </summary>
public sealed class UnavailableExceptionHandler(IProblemDetailsService problemDetails, ILogger<UnavailableExceptionHandler> logger) : IExceptionHandler
{
    private const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsTransient(exception))
        {
            return false;
        }

        logger.LogWarning(exception, "{Method} {Path} answered 503: {Reason}", httpContext.Request.Method, httpContext.Request.Path, exception.GetType().Name);
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "The service could not finish the request in time.",
            Detail = "The request may or may not have been applied. Resend it after the Retry-After interval: every write is idempotent, so a resent request is applied once.",
        };
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    public static bool IsTransient(Exception exception) => exception switch
    {
        TimeoutException => true,
        SiloUnavailableException => true,
        OrleansMessageRejectionException => true,
        NpgsqlException npgsql => npgsql.IsTransient,
        AggregateException { InnerExceptions.Count: 1 } aggregate => IsTransient(aggregate.InnerExceptions[0]),
        _ => exception.InnerException is { } inner && inner is not OperationCanceledException && IsTransient(inner),
    };
}
