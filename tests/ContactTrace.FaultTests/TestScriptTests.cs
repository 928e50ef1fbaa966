namespace ContactTrace.FaultTests;

/// <summary>
/// <c>scripts/test.sh</c> itself: whatever the tests did, its last line (stdout and stderr together, in the order
/// printed) is "N passed, N failed", after PostgreSQL's shutdown lines. The suite is replaced by a stand-in that
/// writes a TRX file, so the script runs for real — its own PostgreSQL started and stopped — in seconds.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class TestScriptTests
{
    [Fact]
    public async Task TheCountsAreTheLastLineAfterPostgresHasStopped()
    {
        var (exitCode, lines) = await RunScriptAsync("""
            cat > "$1/stand-in.trx" <<'TRX'
            <TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010"><ResultSummary outcome="Completed"><Counters total="3" passed="3" failed="0" /></ResultSummary></TestRun>
            TRX
            """);

        Assert.Equal(0, exitCode);
        Assert.Contains(lines, l => l.Contains("server stopped", StringComparison.Ordinal));
        Assert.Equal("3 passed, 0 failed", lines[^1]);
    }

    [Fact]
    public async Task ARunThatCrashedWithoutResultsEndsWithOneFailureOnTheLastLine()
    {
        var (exitCode, lines) = await RunScriptAsync("exit 3");

        Assert.Equal(3, exitCode);
        Assert.Equal("0 passed, 1 failed", lines[^1]);
    }

    private static async Task<(int ExitCode, string[] Lines)> RunScriptAsync(string standIn)
    {
        var folder = Directory.CreateTempSubdirectory("contacttrace-test-script-").FullName;
        try
        {
            var command = Path.Combine(folder, "stand-in.sh");
            await File.WriteAllTextAsync(command, "#!/usr/bin/env bash\n" + standIn + "\n", TestContext.Current.CancellationToken);
            var script = Path.Combine(HostBuild.RepositoryRoot, "scripts", "test.sh");
            var run = await ChildProcess.RunAsync("env",
                [$"CONTACTTRACE_TEST_COMMAND=bash {command}", $"CONTACTTRACE_TEST_RESULTS={Path.Combine(folder, "results")}", "bash", "-c", "exec \"$0\" 2>&1", script],
                TimeSpan.FromMinutes(3));
            return (run.ExitCode, run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
