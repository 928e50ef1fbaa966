using ContactTrace.Queries;
using ContactTrace.Screening;

namespace ContactTrace.Storage.Screening;

/// <summary>The embedded default's self-reports: the same contract as <see cref="PostgresSelfReportStore"/>, in this process only.</summary>
public sealed class InMemorySelfReportStore : ISelfReportStore
{
    private readonly ConcurrentDictionary<string, SelfReport> _reports = new(StringComparer.Ordinal);

    public Task<SelfReport> AddAsync(SelfReport report, CancellationToken cancellationToken = default) =>
        Task.FromResult(_reports.GetOrAdd(report.ReportId, report));

    public Task<SelfReport?> GetAsync(string reportId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_reports.GetValueOrDefault(reportId));

    public Task<IReadOnlyList<SelfReport>> ListAsync(string? status, ListKey? after, int limit, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<SelfReport> page = [.. _reports.Values
            .Where(r => status is null || r.Status == status)
            .OrderBy(r => r.ReceivedAt).ThenBy(r => r.ReportId, StringComparer.Ordinal)
            .Where(r => after is not { } key || r.ReceivedAt > key.At || (r.ReceivedAt == key.At && string.CompareOrdinal(r.ReportId, key.Id) > 0))
            .Take(limit)];
        return Task.FromResult(page);
    }

    public Task<SelfReport?> ResolveAsync(SelfReport resolved, CancellationToken cancellationToken = default)
    {
        while (_reports.TryGetValue(resolved.ReportId, out var current))
        {
            if (current.Status != SelfReportStatuses.Open || _reports.TryUpdate(resolved.ReportId, resolved, current))
            {
                return Task.FromResult(_reports.GetValueOrDefault(resolved.ReportId));
            }
        }

        return Task.FromResult<SelfReport?>(null);
    }
}
