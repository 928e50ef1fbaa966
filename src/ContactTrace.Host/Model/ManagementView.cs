namespace ContactTrace.Host.Model;

public sealed record class ManagementView(string Category, DateTimeOffset? Since, DateTimeOffset? Until);
