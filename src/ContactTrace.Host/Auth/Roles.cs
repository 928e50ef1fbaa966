namespace ContactTrace.Host.Auth;

public static class Roles
{
    public const string Admin = "admin";
    public const string Tracer = "tracer";
    public const string Scanner = "scanner";
    public const string Hotel = "hotel";
    public const string Lab = "lab";
    public const string Public = "public";

    public static bool IsKnown(string? role) => role is Admin or Tracer or Scanner or Hotel or Lab or Public;
}
