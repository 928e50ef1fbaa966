using Microsoft.AspNetCore.Authorization;

namespace ContactTrace.Host.Auth;

/// <summary>The authorization policies endpoints name. <c>admin</c> holds every right.</summary>
public static class Policies
{
    public const string Admin = "admin";
    public const string Tracer = "tracer";
    public const string Scanner = "scanner";
    public const string HotelOrTracer = "hotel-or-tracer";
    public const string Hotel = "hotel";
    public const string Lab = "lab";
    public const string CodeReader = "code-reader";

    /// <summary>Any valid key, <c>public</c> included: what the city may read and report.</summary>
    public const string AnyKey = "any-key";

    public static AuthorizationBuilder AddContactTracePolicies(this AuthorizationBuilder builder) => builder
        .AddPolicy(Admin, p => p.RequireRole(Roles.Admin))
        .AddPolicy(Tracer, p => p.RequireRole(Roles.Tracer, Roles.Admin))
        .AddPolicy(Scanner, p => p.RequireRole(Roles.Scanner, Roles.Admin))
        .AddPolicy(Hotel, p => p.RequireRole(Roles.Hotel, Roles.Admin))
        .AddPolicy(HotelOrTracer, p => p.RequireRole(Roles.Hotel, Roles.Tracer, Roles.Admin))
        .AddPolicy(Lab, p => p.RequireRole(Roles.Lab, Roles.Admin))
        .AddPolicy(CodeReader, p => p.RequireRole(Roles.Scanner, Roles.Tracer, Roles.Admin))
        .AddPolicy(AnyKey, p => p.RequireAuthenticatedUser());
}
