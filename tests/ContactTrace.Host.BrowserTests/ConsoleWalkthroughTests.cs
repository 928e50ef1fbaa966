using System.Text.RegularExpressions;

namespace ContactTrace.Host.BrowserTests;

/// <summary>
/// The console in Debian's Chromium, as a tracer uses it: sign in, watch a new case arrive, open a case and read
/// a close contact's evidence, follow the chain to the case's source and read the edge's evidence; and each other
/// page once. Every step leaves a screenshot in artifacts/test-results/console. (Withdrawing a case is tested
/// with the withdrawal endpoint, which lands separately.)
/// </summary>
public sealed class ConsoleWalkthroughTests(ConsoleWalkthroughTests.Scene scene) : IClassFixture<ConsoleWalkthroughTests.Scene>
{
    private static readonly PageWaitForSelectorOptions Visible = new() { Timeout = 20_000 };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The browser, the host and the outbreak, made once for the class.</summary>
    public sealed class Scene : IAsyncLifetime
    {
        public BrowserFixture Browser { get; } = new();

        public TracingScene City { get; } = new();

        public async ValueTask InitializeAsync()
        {
            await Browser.InitializeAsync();
            await City.BuildAsync(Browser.Host, TestContext.Current.CancellationToken);
        }

        public ValueTask DisposeAsync() => Browser.DisposeAsync();
    }

    private async Task<IPage> SignInAsync()
    {
        var context = await scene.Browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = scene.Browser.Host.BaseAddress.ToString(),
            Locale = "zh-CN",
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/console/");
        await page.WaitForSelectorAsync("#api-key", Visible);
        await ShotAsync(page, "01-sign-in");
        await page.FillAsync("#api-key", ConsoleHost.TracerKey);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("#case-list", Visible);
        return page;
    }

    private static Task ShotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"{name}.png"), FullPage = true });

    [Fact]
    public async Task ATracerSeesANewCaseArriveReadsAContactsEvidenceAndFollowsTheChain()
    {
        var page = await SignInAsync();
        var city = scene.City;

        // A case reported through the API appears in the open list, without a reload
        await page.WaitForSelectorAsync("text=● 实时更新中", Visible);
        Assert.Equal("sessionStorage", await page.EvaluateAsync<string>("() => sessionStorage.getItem('contacttrace.apiKey') ? 'sessionStorage' : 'none'"));
        Assert.DoesNotContain(ConsoleHost.TracerKey, page.Url, StringComparison.Ordinal);
        using (var tracer = scene.Browser.Host.Client(ConsoleHost.TracerKey))
        {
            await TracingScene.ReportAsync(tracer, city.Id("case-3"), city.Id("zhao"), null, DateTimeOffset.UtcNow.AddHours(-2), Ct, district: "nangang");
        }

        await page.WaitForSelectorAsync($"tr[data-case='{city.Id("case-3")}']", Visible);
        await ShotAsync(page, "02-case-list-live");

        // The second case: the housemate is its close contact, with their shared home as evidence
        await page.ClickAsync($"a[href='#/cases/{city.SecondCase}']");
        var contact = page.Locator("#contact-list tr", new() { HasText = city.Housemate });
        await contact.WaitForAsync(new() { Timeout = 20_000 });
        var row = await contact.InnerTextAsync();
        Assert.Contains("密切接触者", row, StringComparison.Ordinal);
        Assert.Contains("同住", row, StringComparison.Ordinal);
        Assert.Contains("集中隔离", row, StringComparison.Ordinal);
        await ShotAsync(page, "03-case-with-contacts");

        // The chain: click the second case's node and read the edge's evidence
        await page.ClickAsync("text=查看传播链");
        await page.WaitForSelectorAsync("#chain[data-ready='true']", Visible);
        var point = await page.EvaluateAsync<JsonElement>("""
            id => {
              const cy = window.contactTraceChain;
              const at = cy.$id(id).renderedPosition();
              const box = cy.container().getBoundingClientRect();
              return { x: box.left + at.x, y: box.top + at.y };
            }
            """, city.SecondCase);
        await page.Mouse.ClickAsync(point.GetProperty("x").GetSingle(), point.GetProperty("y").GetSingle());
        var evidence = page.Locator("#edge-evidence");
        await evidence.WaitForAsync(new() { Timeout = 10_000 });
        var text = await evidence.InnerTextAsync();
        Assert.Contains($"{city.FirstCase} → {city.SecondCase}", text, StringComparison.Ordinal);
        Assert.Contains(city.Venue, text, StringComparison.Ordinal);
        Assert.Contains("传染源", text, StringComparison.Ordinal); // who was there, and when, beside the venue
        await ShotAsync(page, "04-chain-edge-evidence");
    }

    [Fact]
    public async Task EveryOtherPageShowsItsRecordsInChinese()
    {
        var page = await SignInAsync();
        var city = scene.City;

        async Task VisitAsync(string hash, string selector, string shot, string expected)
        {
            await page.GotoAsync($"/console/#{hash}");
            await page.WaitForSelectorAsync(selector, Visible);
            Assert.Contains(expected, await page.InnerTextAsync("main"), StringComparison.Ordinal);
            await ShotAsync(page, shot);
        }

        await VisitAsync($"/persons/{city.Second}", "text=暴露路径", "05-person", "李娜");
        await VisitAsync($"/persons?q={Uri.EscapeDataString("李")}", "#person-results", "06-person-search", city.Second);
        await VisitAsync($"/households/{city.Household}", "#household-members", "07-household", "王芳");
        await VisitAsync($"/venues/{city.Venue}?from={Uri.EscapeDataString(city.Dinner.AddHours(8 - 2).ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture))}&to={Uri.EscapeDataString(city.Dinner.AddHours(8 + 4).ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture))}",
            "#visit-timeline", "08-venue-timeline", "老厨家饭店");
        await VisitAsync("/hotels", "#hotel-list", "09-hotels", "道里区集中隔离点");
        await VisitAsync("/bulletin", "#bulletin-text", "10-bulletin", "每日疫情通报");
        // Today's bulletin runs to this moment: the cases reported a minute ago are in it.
        Assert.DoesNotContain("无新增", await page.InputValueAsync("#bulletin-text"), StringComparison.Ordinal);
        Assert.Matches(new Regex("哈尔滨市.*新增本土"), await page.InputValueAsync("#bulletin-text"));
    }
}
