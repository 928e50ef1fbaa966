namespace ContactTrace.Host.Model;

/// <summary>The body of <c>POST /api/keys</c>.</summary>
public sealed record class KeyInput(string? Role, string? HotelId, string? Name);
