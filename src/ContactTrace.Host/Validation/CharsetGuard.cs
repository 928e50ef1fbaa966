using Microsoft.Net.Http.Headers;

namespace ContactTrace.Host.Validation;

/// <summary>
/// Refuses a request body in a character set we do not read (we read UTF-8 JSON) with a 415 problem naming
/// <c>Content-Type</c>, before the framework would fail on it with a 500.
/// </summary>
public static class CharsetGuard
{
    public static IApplicationBuilder UseCharsetGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var mediaType)
            && mediaType.Charset.HasValue
            && !IsUtf8(mediaType.Charset.Value!))
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = { Status = StatusCodes.Status415UnsupportedMediaType, Title = "Unsupported character set; send UTF-8.", Extensions = { ["field"] = "Content-Type" } },
            });
            return;
        }

        await next(context);
    });

    private static bool IsUtf8(string charset) =>
        charset.Trim('"').Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Trim('"').Equals("utf8", StringComparison.OrdinalIgnoreCase);
}
