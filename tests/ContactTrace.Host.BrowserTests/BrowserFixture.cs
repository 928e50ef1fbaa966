namespace ContactTrace.Host.BrowserTests;

/// <summary>
/// A host on a fresh database and Debian's Chromium driven by Playwright (its own browser download does not
/// work here; scripts/test.sh installs the apt package <c>chromium</c> when it is missing). Screenshots go to
/// the test results folder, <c>artifacts/test-results/console</c>.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumEnvironmentVariable = "CONTACTTRACE_CHROMIUM";

    private IPlaywright? _playwright;

    public ConsoleHost Host { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public static string ScreenshotFolder { get; } = Path.Combine(RepositoryRoot(), "artifacts", "test-results", "console");

    public async ValueTask InitializeAsync()
    {
        Host = new ConsoleHost(await PostgresServer.CreateDatabaseAsync("browser"));
        Host.StartServer();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable(ChromiumEnvironmentVariable) ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
        Directory.CreateDirectory(ScreenshotFolder);
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await Host.DisposeAsync();
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "ContactTrace.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? Directory.GetCurrentDirectory();
    }
}
