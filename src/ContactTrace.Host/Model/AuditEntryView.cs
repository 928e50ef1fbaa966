namespace ContactTrace.Host.Model;

public sealed record class AuditEntryView(string Id, DateTimeOffset At, string KeyId, string Endpoint, ImmutableArray<string> Subjects);
