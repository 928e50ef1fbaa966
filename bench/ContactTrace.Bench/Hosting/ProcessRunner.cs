using ContactTrace.TestSupport;

namespace ContactTrace.Bench.Hosting;

/// <summary>Runs a tool to completion (<see cref="ChildProcess"/>) and captures its output; a non-zero exit throws with the output's tail.</summary>
internal static class ProcessRunner
{
    public static async Task<string> RunAsync(string file, IEnumerable<string> arguments, string workingDirectory, CancellationToken ct)
    {
        var (exitCode, output, standardOutput) = await ChildProcess.RunAsync(file, arguments, Timeout.InfiniteTimeSpan, workingDirectory, ct);
        return exitCode == 0
            ? standardOutput
            : throw new InvalidOperationException($"'{file} {string.Join(' ', arguments)}' failed with exit code {exitCode}:\n{Tail(output)}");
    }

    public static string Tail(string text, int lines = 40) =>
        string.Join('\n', text.Split('\n').TakeLast(lines));
}
