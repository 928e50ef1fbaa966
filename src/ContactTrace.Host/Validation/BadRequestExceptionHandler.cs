using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace ContactTrace.Host.Validation;

/// <summary>
/// Turns a body that does not bind (malformed JSON, wrong types, oversized) into a problem response that names
/// the offending field, instead of the framework's bare 400 or a 500.
/// </summary>
public sealed class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        var field = FindJsonException(badRequest) is { } json ? FieldOf(json.Path) : "body";
        var problem = new ValidationProblemDetails(new Dictionary<string, string[]> { [field] = [Describe(badRequest)] })
        {
            Status = badRequest.StatusCode,
            Title = badRequest.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request body is too large." : "The request body could not be read.",
        };

        httpContext.Response.StatusCode = badRequest.StatusCode;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static JsonException? FindJsonException(Exception exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is JsonException json)
            {
                return json;
            }
        }

        return null;
    }

    // "$.capacity" → "capacity"; "$[3].scannedAt" → "[3].scannedAt"; "$" → "body".
    private static string FieldOf(string? path) => path switch
    {
        null or "$" or "" => "body",
        _ when path.StartsWith("$.", StringComparison.Ordinal) => path[2..],
        _ when path.StartsWith('$') => path[1..],
        _ => path,
    };

    private static string Describe(BadHttpRequestException exception) =>
        FindJsonException(exception) is { } json
            ? $"is not valid JSON of the expected type{(json.LineNumber is { } line ? $" (line {line + 1}, position {json.BytePositionInLine + 1})" : "")}"
            : exception.Message;
}
