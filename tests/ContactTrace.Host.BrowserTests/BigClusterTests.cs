using System.Diagnostics;
using Npgsql;

namespace ContactTrace.Host.BrowserTests;

/// <summary>
/// A transmission cluster of 5,000 cases (a tree: each case infected by an earlier one) stays usable in the
/// chain view: drawn, then a click on a case answers with its source's evidence. The cluster's rows are written
/// straight into the cases table, as 5,000 traced reports would leave them; the time to draw is printed and kept
/// beside the screenshot.
/// </summary>
public sealed class BigClusterTests(BigClusterTests.Scene scene) : IClassFixture<BigClusterTests.Scene>
{
    public const int Cases = 5000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public sealed class Scene : IAsyncLifetime
    {
        public BrowserFixture Browser { get; } = new();

        public async ValueTask InitializeAsync()
        {
            await Browser.InitializeAsync();
            await using var connection = new NpgsqlConnection(Browser.Host.ConnectionString);
            await connection.OpenAsync();
            await using var insert = new NpgsqlCommand("""
                INSERT INTO cases (case_id, person_id, classification, district, discovery_channel, sampled_at, reported_at,
                                   window_start, window_end, sources, cluster_id, trace_status)
                SELECT 'big-' || i, 'big-person-' || i, CASE WHEN i % 4 = 0 THEN 'asymptomatic' ELSE 'confirmed' END, 'xiangfang',
                       'isolation', now() - interval '1 day', now() - (5000 - i) * interval '1 minute',
                       now() - interval '3 days', now(), CASE WHEN i = 0 THEN '{}'::text[] ELSE ARRAY['big-' || ((i - 1) / 3)] END,
                       'big-0', 'completed'
                FROM generate_series(0, $1 - 1) AS i
                """, connection) { Parameters = { new() { Value = Cases } } };
            await insert.ExecuteNonQueryAsync();
        }

        public ValueTask DisposeAsync() => Browser.DisposeAsync();
    }

    // Where a node is on the page (after centring the view on it), and how many cases are shown.
    private static Task<JsonElement> PointOfAsync(IPage page, string selector) => page.EvaluateAsync<JsonElement>("""
        selector => {
          const cy = window.contactTraceChain;
          const node = cy.$(selector).first();
          cy.zoom(1.5);
          cy.center(node);
          const at = node.renderedPosition();
          const box = cy.container().getBoundingClientRect();
          return { x: box.left + at.x, y: box.top + at.y, cases: cy.nodes('.case').length };
        }
        """, selector);

    [Fact]
    public async Task AFiveThousandCaseClusterOpensAroundACaseAndGrowsOnDemand()
    {
        var context = await scene.Browser.Browser.NewContextAsync(new() { BaseURL = scene.Browser.Host.BaseAddress.ToString(), ViewportSize = new() { Width = 1400, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/console/");
        await page.FillAsync("#api-key", ConsoleHost.TracerKey);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("#case-list");

        // Act: open the chain at a case deep in the tree, click it, then grow the view from a "+N" node
        var watch = Stopwatch.StartNew();
        await page.GotoAsync("/console/#/chain/big-4000");
        await page.WaitForSelectorAsync("#chain[data-ready='true']", new() { Timeout = 60_000 });
        var drawn = watch.Elapsed;
        var point = await PointOfAsync(page, "#big-4000");
        watch.Restart();
        await page.Mouse.ClickAsync(point.GetProperty("x").GetSingle(), point.GetProperty("y").GetSingle());
        await page.Locator("#edge-evidence").WaitForAsync(new() { Timeout = 10_000 });
        var answered = watch.Elapsed;
        var evidence = await page.InnerTextAsync("#edge-evidence");
        var more = await PointOfAsync(page, ".more");
        watch.Restart();
        await page.Mouse.ClickAsync(more.GetProperty("x").GetSingle(), more.GetProperty("y").GetSingle());
        await page.WaitForFunctionAsync("n => window.contactTraceChain.nodes('.case').length > n", more.GetProperty("cases").GetInt32(), new() { Timeout = 10_000 });
        var expanded = watch.Elapsed;

        // Assert
        var line = $"{Cases}-case cluster: opened around a case in {drawn.TotalSeconds:0.0} s ({point.GetProperty("cases").GetInt32()} cases shown), "
            + $"a click answered in {answered.TotalMilliseconds:0} ms, a +N node expanded in {expanded.TotalMilliseconds:0} ms";
        TestContext.Current.SendDiagnosticMessage(line);
        await File.WriteAllTextAsync(Path.Combine(BrowserFixture.ScreenshotFolder, "11-big-cluster.txt"), line + "\n", Ct);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "11-big-cluster.png") });
        Assert.Contains("big-1333 → big-4000", evidence, StringComparison.Ordinal);
        Assert.Contains($"{Cases} 个病例", await page.InnerTextAsync("#chain-status"), StringComparison.Ordinal);
        Assert.True(answered < TimeSpan.FromSeconds(2) && expanded < TimeSpan.FromSeconds(2), line);
    }
}
