using System.Net;

namespace ContactTrace.Bench.Api;

/// <summary>A request the host answered with an error status; carries the start of the problem body.</summary>
internal sealed class ApiException(string request, HttpStatusCode status, string body)
    : Exception($"{request} answered {(int)status} {status}: {Excerpt(body)}")
{
    public HttpStatusCode Status { get; } = status;

    public bool IsTransient => Status is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    private static string Excerpt(string body) => body.Length <= 600 ? body : body[..600] + "…";
}
