namespace ContactTrace.Host.Screening;

/// <summary>An answer already serialized to UTF-8 JSON (a health code from the board), written as it is.</summary>
public sealed class JsonBytesResult(byte[] json) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = json.Length;
        return response.Body.WriteAsync(json, httpContext.RequestAborted).AsTask();
    }
}
