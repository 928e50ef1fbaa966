using ContactTrace.Bench.Api;

namespace ContactTrace.Bench.Hosting;

/// <summary>
/// The ContactTrace host as a child process (<c>dotnet contacttrace.dll</c>, which runs the app in the dotnet
/// process itself, so its pid is the host's), its output in a log file, killed with its children on dispose.
/// </summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logLock = new();

    private HostProcess(Process process, StreamWriter log, string logPath)
    {
        _process = process;
        _log = log;
        LogPath = logPath;
    }

    public int Pid => _process.Id;

    public string LogPath { get; }

    public ProcStatus? Status => ProcStatus.Read(Pid);

    /// <summary>True once the host ended on its own (e.g. killed by the kernel for its memory).</summary>
    public bool HasExited => _process.HasExited;

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static HostProcess Start(string dll, IReadOnlyDictionary<string, string> environment, string logPath)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = new Process { StartInfo = info };
        var host = new HostProcess(process, log, logPath);
        process.OutputDataReceived += (_, e) => host.Log(e.Data);
        process.ErrorDataReceived += (_, e) => host.Log(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Polls <c>/health/ready</c>; fails early with the log's tail when the host exits first.</summary>
    public async Task WaitReadyAsync(ContactTraceClient client, TimeSpan timeout, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (!await client.IsReadyAsync(ct))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The host exited with code {_process.ExitCode} before it was ready:\n{LogTail()}");
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"The host was not ready after {timeout.TotalSeconds:F0} s:\n{LogTail()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
        }
    }

    public string LogTail(int lines = 40)
    {
        lock (_logLock)
        {
            _log.Flush();
        }

        using var reader = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return ProcessRunner.Tail(new StreamReader(reader).ReadToEnd(), lines);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
            }
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            await Console.Error.WriteLineAsync($"Could not stop the host (pid {Pid}): {e.Message}");
        }

        _process.Dispose();
        lock (_logLock)
        {
            _log.Dispose();
        }
    }

    private void Log(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logLock)
        {
            _log.WriteLine(line);
        }
    }
}
