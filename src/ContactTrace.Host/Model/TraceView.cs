namespace ContactTrace.Host.Model;

public sealed record class TraceView(string Status, int CloseContacts, int SecondaryContacts, int VenueExposed, DateTimeOffset? CompletedAt);
