using System.Globalization;
using ContactTrace.Host.Extensions;

namespace ContactTrace.Host.FunctionalTests;

/// <summary>
/// The <c>contacttrace</c> command line: help for every command without starting a server, and <c>import-scans</c>
/// against real hosts on PostgreSQL — a refused key stops at once with one line, and <c>FILE.progress</c> resumes a
/// file only into the target that holds what was sent (a fresh host at the same URL gets the whole file).
/// </summary>
public sealed class CommandLineTests(PostgresHostFixture fixture) : IClassFixture<PostgresHostFixture>
{
    private const string Url = "http://localhost/";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(int? ExitCode, string Output, string Error)> RunAsync(string[] args, HttpMessageHandler? http = null)
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);
        var error = new StringWriter(CultureInfo.InvariantCulture);
        var exitCode = await CommandLine.RunAsync(args, output, error, http);
        return (exitCode, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("help")]
    [InlineData("-h")]
    public async Task HelpPrintsTheUsageOfEveryCommandAndExits(string help)
    {
        var (exitCode, output, error) = await RunAsync([help]);

        Assert.Equal(0, exitCode);
        Assert.Empty(error);
        foreach (var usage in (string[])["contacttrace [--urls URL]", "contacttrace migrate", "contacttrace import-scans FILE", "contacttrace export-contacts CASEID", "contacttrace help [COMMAND]", "--restart"])
        {
            Assert.Contains(usage, output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("help import-scans", "contacttrace import-scans FILE")]
    [InlineData("import-scans --help", "contacttrace import-scans FILE")]
    [InlineData("export-contacts -h", "contacttrace export-contacts CASEID")]
    [InlineData("help migrate", "contacttrace migrate")]
    public async Task HelpOfOneCommandPrintsItsUsageAndExits(string args, string usage)
    {
        var (exitCode, output, _) = await RunAsync(args.Split(' '));

        Assert.Equal(0, exitCode);
        Assert.StartsWith(usage, output, StringComparison.Ordinal);
        Assert.DoesNotContain("contacttrace help [COMMAND]", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownCommandIsRefusedInOneLine()
    {
        var (exitCode, output, error) = await RunAsync(["serve-please"]);

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains("unknown command 'serve-please'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("--urls http://127.0.0.1:5999")]
    [InlineData("ContactTrace:TimeZone=UTC")]
    public async Task NoCommandOrOnlySettingsServe(string args)
    {
        var (exitCode, output, error) = await RunAsync(args.Length == 0 ? [] : args.Split(' '));

        Assert.Null(exitCode);
        Assert.Empty(output + error);
    }

    [Fact]
    public async Task AnImportWithoutAKeyStopsAtTheFirst401InOneLineWithoutRetrying()
    {
        var file = await ScanFileAsync(await VenueAsync(fixture.Host), 3);
        var waited = System.Diagnostics.Stopwatch.StartNew();

        // Act
        var (exitCode, output, error) = await RunAsync(["import-scans", file, "--url", Url], fixture.Host.Server.CreateHandler());

        // Assert
        Assert.Equal(1, exitCode);
        var line = Assert.Single(error.TrimEnd().Split('\n'));
        Assert.StartsWith("import-scans: http://localhost/ refused the API key (401", line, StringComparison.Ordinal);
        Assert.Contains("--api-key", line, StringComparison.Ordinal);
        Assert.DoesNotContain("retrying", output + error, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", error, StringComparison.Ordinal);
        Assert.True(waited.Elapsed < TimeSpan.FromSeconds(5), $"took {waited.Elapsed}");
        Assert.False(File.Exists(file + ".progress"));
    }

    [Fact]
    public async Task AKeyOfAnotherRoleIsRefusedWith403InOneLine()
    {
        var file = await ScanFileAsync(await VenueAsync(fixture.Host), 3);

        var (exitCode, _, error) = await RunAsync(["import-scans", file, "--url", Url, "--api-key", ContactTraceHost.TracerKey], fixture.Host.Server.CreateHandler());

        Assert.Equal(1, exitCode);
        Assert.StartsWith("import-scans: http://localhost/ refused the API key (403", Assert.Single(error.TrimEnd().Split('\n')), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARerunIntoTheSameHostResumesAfterTheLastLineItHoldsAndRestartSendsEverything()
    {
        var file = await ScanFileAsync(await VenueAsync(fixture.Host), 25);
        string[] import = ["import-scans", file, "--url", Url, "--api-key", ContactTraceHost.ScannerKey, "--batch", "10"];
        var first = await RunAsync(import, fixture.Host.Server.CreateHandler());

        // Act
        var rerun = await RunAsync(import, fixture.Host.Server.CreateHandler());
        var restart = await RunAsync([.. import, "--restart"], fixture.Host.Server.CreateHandler());

        // Assert
        Assert.Equal(0, first.ExitCode);
        Assert.Contains("Done: 25 stored, 0 already there, 0 rejected.", first.Output, StringComparison.Ordinal);
        Assert.Equal(0, rerun.ExitCode);
        Assert.Contains($"Resuming {file} after line 26: http://localhost/ holds the scans sent up to there", rerun.Output, StringComparison.Ordinal);
        Assert.Contains("Done: 0 stored, 5 already there, 0 rejected, resumed after line 26.", rerun.Output, StringComparison.Ordinal);
        Assert.Contains($"--restart: sending {file} from its first line.", restart.Output, StringComparison.Ordinal);
        Assert.Contains("Done: 0 stored, 25 already there, 0 rejected.", restart.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALeftoverProgressFileSendsTheWholeFileToAFreshHostAtTheSameUrlAndSaysWhy()
    {
        await using var fresh = new ContactTraceHost(await PostgresServer.CreateDatabaseAsync("fresh"), $"fresh-{Guid.NewGuid():N}");
        var venueId = await VenueAsync(fixture.Host);
        await VenueAsync(fresh, venueId);
        var file = await ScanFileAsync(venueId, 25);
        string[] import = ["import-scans", file, "--url", Url, "--api-key", ContactTraceHost.ScannerKey, "--batch", "10"];
        Assert.Equal(0, (await RunAsync(import, fixture.Host.Server.CreateHandler())).ExitCode);

        // Act
        var rerun = await RunAsync(import, fresh.Server.CreateHandler());

        // Assert
        Assert.Equal(0, rerun.ExitCode);
        Assert.Contains($"http://localhost/ does not hold the scans of lines 22-26 that {file}.progress records as sent", rerun.Output, StringComparison.Ordinal);
        Assert.Contains("Done: 25 stored, 5 already there, 0 rejected.", rerun.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AProgressFileOfAnotherTargetOrOfChangedContentIsNotResumed()
    {
        var venueId = await VenueAsync(fixture.Host);
        var file = await ScanFileAsync(venueId, 5);
        string[] import = ["import-scans", file, "--api-key", ContactTraceHost.ScannerKey];
        Assert.Equal(0, (await RunAsync([.. import, "--url", Url], fixture.Host.Server.CreateHandler())).ExitCode);

        // Act
        var otherTarget = await RunAsync([.. import, "--url", "http://127.0.0.1/"], fixture.Host.Server.CreateHandler());
        await File.AppendAllTextAsync(file, Line(venueId, 6) + "\n", Ct);
        var changed = await RunAsync([.. import, "--url", "http://127.0.0.1/"], fixture.Host.Server.CreateHandler());

        // Assert
        Assert.Contains($"{file}.progress records a run to http://localhost/, not http://127.0.0.1/; sending {file} from its first line.", otherTarget.Output, StringComparison.Ordinal);
        Assert.Contains($"{file} changed since {file}.progress was written; sending it from its first line.", changed.Output, StringComparison.Ordinal);
        Assert.Contains("Done: 1 stored, 5 already there, 0 rejected.", changed.Output, StringComparison.Ordinal);
    }

    private static async Task<string> VenueAsync(ContactTraceHost host, string? venueId = null)
    {
        venueId ??= $"v-{Guid.NewGuid():N}";
        var put = await host.CreateClient(ContactTraceHost.AdminKey).PutAsJsonAsync($"/api/venues/{venueId}", new { name = "饭店", district = "daoli", kind = "restaurant" }, Ct);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        return venueId;
    }

    private static string Line(string venueId, int i) => string.Create(CultureInfo.InvariantCulture,
        $"s-{venueId}-{i},p-{venueId}-{i},{venueId},{DateTimeOffset.UtcNow.AddHours(-2).AddSeconds(i):yyyy-MM-dd'T'HH:mm:ssK},");

    /// <summary>A CSV file with a header line: scan i is on line i + 1.</summary>
    private static async Task<string> ScanFileAsync(string venueId, int count)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("contacttrace-import-").FullName, "scans.csv");
        await File.WriteAllLinesAsync(file, ["scanId,personId,venueId,scannedAt,leftAt", .. Enumerable.Range(1, count).Select(i => Line(venueId, i))], Ct);
        return file;
    }
}
