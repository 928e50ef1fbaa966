using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ContactTrace.Host.Auth;

/// <summary>Authenticates the <c>X-Api-Key</c> header against <see cref="ApiKeyStore"/>.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";
    public const string HotelIdClaim = "contacttrace:hotel";
    public const string KeyIdClaim = "contacttrace:key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var presented) || string.IsNullOrEmpty(presented.ToString()))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (keys.Find(presented.ToString()) is not { } identity)
        {
            return Task.FromResult(AuthenticateResult.Fail("Unknown API key."));
        }

        var claims = new List<Claim>
        {
            new(KeyIdClaim, identity.KeyId),
            new(ClaimTypes.Name, identity.KeyId),
            new(ClaimTypes.Role, identity.Role),
        };
        if (identity.HotelId is { } hotelId)
        {
            claims.Add(new Claim(HotelIdClaim, hotelId));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }
}
