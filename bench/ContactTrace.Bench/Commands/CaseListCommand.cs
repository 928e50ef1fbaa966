using ContactTrace.Bench.Cli;
using ContactTrace.Bench.Commands.Lists;
using ContactTrace.Bench.Hosting;

namespace ContactTrace.Bench.Commands;

/// <summary>
/// <c>bench cases</c>: <c>GET /api/cases</c> at 100,000 cases (60 days of reports over 18 districts, 8 channels,
/// clusters of five, 1 % still tracing, 0.2 % withdrawn) with each filter the console uses; goal p99 ≤ 100 ms.
/// </summary>
internal static class CaseListCommand
{
    private static readonly string[] Districts =
        ["daoli", "nangang", "daowai", "pingfang", "songbei", "xiangfang", "hulan", "acheng", "shuangcheng", "yilan", "fangzheng", "bin", "bayan", "mulan", "tonghe", "yanshou", "shangzhi", "wuchang"];

    private static readonly string[] Channels =
        ["isolation", "community-screening", "contact-screening", "closed-loop-key-population", "open-key-population", "cross-region-assist", "arrival-test", "care-seeking"];

    public static async Task<int> RunAsync(Arguments args, CancellationToken ct)
    {
        var options = ListOptions.Read("cases", "cases", 100_000, args);
        var repoRoot = RepoRoot.Find(options.Repo);
        using var work = new WorkDirectory("cases", options.Keep);
        var n = options.Rows;
        var clusters = Math.Max(1, n / 5);
        var days = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(-30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        // The reports spread evenly over the last 60 days; the triggers are off while loading (no NOTIFY or follow-up per row).
        var load = string.Create(CultureInfo.InvariantCulture, $"""
            ALTER TABLE cases DISABLE TRIGGER USER;
            INSERT INTO cases (case_id, person_id, classification, district, discovery_channel, sampled_at, reported_at,
                               window_start, window_end, sources, cluster_id, trace_status, close_contacts, trace_completed_at, withdrawn_at)
            SELECT 'bc-' || i, 'bp-' || i, CASE WHEN i % 3 = 0 THEN 'asymptomatic' ELSE 'confirmed' END,
                   (ARRAY['{string.Join("','", Districts)}'])[1 + i % 18], (ARRAY['{string.Join("','", Channels)}'])[1 + (i / 7) % 8],
                   t - interval '6 hours', t, t - interval '3 days', t, ARRAY[]::text[], 'bk-' || (i % {clusters}),
                   CASE WHEN i % 100 = 0 THEN 'pending' ELSE 'completed' END, i % 40,
                   CASE WHEN i % 100 = 0 THEN NULL ELSE t + interval '10 minutes' END,
                   CASE WHEN i % 500 = 7 THEN t + interval '1 day' END
            FROM generate_series(0, {n - 1}) AS i,
                 LATERAL (SELECT now() - interval '60 days' * (1 - i::float8 / {n}) AS t) AS r;
            ALTER TABLE cases ENABLE TRIGGER USER;
            """);
        string[] indexes = ["cases_list_idx", "cases_district_list_idx", "cases_channel_list_idx", "cases_cluster_list_idx", "cases_unfinished_list_idx", "cases_withdrawn_list_idx"];
        ListQuery[] queries =
        [
            new("newest 50", _ => "/api/cases?limit=50"),
            new("district", i => $"/api/cases?district={Districts[i % 18]}&limit=50"),
            new("channel", i => $"/api/cases?channel={Channels[i % 8]}&limit=50"),
            new("classification", _ => "/api/cases?classification=asymptomatic&limit=50"),
            new("cluster", i => $"/api/cases?clusterId=bk-{i * 7919 % clusters}"),
            new("status=pending", _ => "/api/cases?status=pending&limit=50"),
            new("status=withdrawn", _ => "/api/cases?status=withdrawn&limit=50"),
            new("one local day", _ => $"/api/cases?from={days}&to={days}&limit=50"),
            new("district, page 2", i => $"/api/cases?district={Districts[i % 18]}&limit=50", SecondPage: true),
        ];
        Console.WriteLine($"bench cases --cases {n} --requests {options.Requests}");
        return await new ListScenario(options, repoRoot, work.Path).RunAsync(load, indexes, queries, 100, ct);
    }
}
