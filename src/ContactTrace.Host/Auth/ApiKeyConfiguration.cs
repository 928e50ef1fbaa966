namespace ContactTrace.Host.Auth;

/// <summary>One configured API key: the secret, its role and, for role <c>hotel</c>, the hotel it acts for.</summary>
public sealed class ApiKeyConfiguration
{
    public string Key { get; set; } = "";

    public string Role { get; set; } = "";

    public string? HotelId { get; set; }
}
