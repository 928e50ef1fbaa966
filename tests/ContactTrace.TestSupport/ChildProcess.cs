using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace ContactTrace.TestSupport;

/// <summary>
/// Short-lived commands (builds, pg_ctl, scripts) run to completion, and a registry of the long-lived processes the
/// tests and benchmarks start, killed when the process that started them exits should their own clean-up never run.
/// </summary>
public static class ChildProcess
{
    private static readonly ConcurrentDictionary<int, Process> Running = new();

    static ChildProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var process in Running.Values)
            {
                KillQuietly(process);
            }
        };
    }

    public static void Track(Process process) => Running[process.Id] = process;

    public static void Untrack(Process process) => Running.TryRemove(process.Id, out _);

    /// <summary>SIGKILL, the process and its children; never throws.</summary>
    public static void KillQuietly(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }
        catch (System.ComponentModel.Win32Exception)
        {
        }
    }

    /// <summary>
    /// Runs a command to its end (killed at <paramref name="timeout"/>, or when <paramref name="cancellationToken"/>
    /// is cancelled); stdout and stderr together, and stdout alone.
    /// </summary>
    public static async Task<(int ExitCode, string Output, string StandardOutput)> RunAsync(
        string file, IEnumerable<string> arguments, TimeSpan timeout, string? workingDirectory = null, CancellationToken cancellationToken = default)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        Track(process);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timer.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(timer.Token);
            }
            catch (OperationCanceledException)
            {
                KillQuietly(process);
                cancellationToken.ThrowIfCancellationRequested();
                throw new TimeoutException($"'{file} {string.Join(' ', info.ArgumentList)}' did not finish within {timeout.TotalSeconds:0} s.");
            }

            var output = new StringBuilder().Append(await stdout).Append(await stderr).ToString();
            return (process.ExitCode, output, await stdout);
        }
        finally
        {
            Untrack(process);
        }
    }
}
