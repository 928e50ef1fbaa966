using System.Security.Claims;

namespace ContactTrace.Host.Auth;

public static class ClaimsPrincipalExtensions
{
    /// <summary>A <c>hotel</c> key may see and act on its own hotel only; every other role is not limited here.</summary>
    public static bool MayAccessHotel(this ClaimsPrincipal user, string hotelId) =>
        !user.IsInRole(Roles.Hotel) || user.FindFirstValue(ApiKeyAuthenticationHandler.HotelIdClaim) == hotelId;

    public static string KeyId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ApiKeyAuthenticationHandler.KeyIdClaim) ?? "anonymous";
}
