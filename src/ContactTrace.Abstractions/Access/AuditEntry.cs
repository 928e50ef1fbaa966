namespace ContactTrace.Access;

/// <summary>One read of personal data: who (key id, never the secret), when, which endpoint, whose data.</summary>
public sealed record class AuditEntry(long Id, DateTimeOffset At, string KeyId, string Endpoint, ImmutableArray<string> Subjects);
