namespace ContactTrace.Reports;

/// <summary>Read models for tracing teams: bulletin figures and transmission clusters, answered with set-based queries.</summary>
public interface IReportStore
{
    Task<BulletinFigures> GetBulletinFiguresAsync(DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken = default);

    /// <summary>A page of a cluster: its size, the cases after <paramref name="afterCaseId"/> (by id) and the links into them.</summary>
    Task<ClusterPage> GetClusterAsync(string clusterId, string? afterCaseId, int limit, bool includeContacts, CancellationToken cancellationToken = default);
}
