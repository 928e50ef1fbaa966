namespace ContactTrace.FaultTests;

/// <summary>
/// One <c>contacttrace</c> process (Orleans silo + HTTP API) started as <c>dotnet contacttrace.dll</c>, the way
/// scripts/cluster.sh starts them, its output appended to a log file. <see cref="Kill"/> is <c>kill -9</c>.
/// </summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;

    private SiloProcess(string name, SiloPorts ports, string logPath, Process process)
    {
        Name = name;
        Ports = ports;
        LogPath = logPath;
        _process = process;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports.Http}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public string Name { get; }

    public SiloPorts Ports { get; }

    public string LogPath { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>A client of this silo's HTTP API without a key (add one per request, or use <see cref="FaultCluster.Client"/>).</summary>
    public HttpClient Http { get; }

    public static SiloProcess Start(string appDirectory, string name, SiloPorts ports, string logPath, IReadOnlyDictionary<string, string> environment)
    {
        // bash only redirects the output to the log and then becomes dotnet (exec): the pid is the silo's own.
        var info = new ProcessStartInfo("bash")
        {
            WorkingDirectory = appDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("exec dotnet contacttrace.dll >>\"$0\" 2>&1");
        info.ArgumentList.Add(logPath);
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ports.Http}";
        info.Environment["Cluster__SiloPort"] = ports.Silo.ToString(CultureInfo.InvariantCulture);
        info.Environment["Cluster__SiloName"] = name;
        File.AppendAllText(logPath, $"==== {DateTimeOffset.UtcNow:O} starting {name} (http {ports.Http}, silo {ports.Silo})\n");
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start silo {name}.");
        ChildProcess.Track(process);
        return new SiloProcess(name, ports, logPath, process);
    }

    /// <summary>Polls <c>/health/ready</c> until it answers 200; fails with the log's tail if the process exits or time runs out.</summary>
    public async Task WaitReadyAsync(TimeSpan timeout, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Silo {Name} exited ({_process.ExitCode}) before it was ready:\n{LogTail()}");
            }

            if (await IsReadyAsync(ct))
            {
                return;
            }

            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"Silo {Name} was not ready within {timeout.TotalSeconds:0} s:\n{LogTail()}");
            }

            await Task.Delay(200, ct);
        }
    }

    public async Task<bool> IsReadyAsync(CancellationToken ct)
    {
        try
        {
            using var probe = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, probe.Token);
            using var response = await Http.GetAsync("/health/ready", linked.Token);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary><c>kill -9</c>: no shutdown, no goodbye to the cluster, connections cut mid-flight.</summary>
    public void Kill()
    {
        File.AppendAllText(LogPath, $"==== {DateTimeOffset.UtcNow:O} kill -9 {Name} (pid {Pid})\n");
        ChildProcess.KillQuietly(_process);
        _process.WaitForExit(10_000);
    }

    /// <summary>The number of active grains of one type on this silo, from its Prometheus metrics (0 when it does not answer).</summary>
    public async Task<int> ActivationsAsync(string grainType, CancellationToken ct)
    {
        try
        {
            var metrics = await Http.GetStringAsync("/metrics", ct);
            var prefix = "orleans_catalog_activations{";
            var tag = $"grain_type=\"{grainType}\"";
            foreach (var line in metrics.Split('\n'))
            {
                if (line.StartsWith(prefix, StringComparison.Ordinal) && line.Contains(tag, StringComparison.Ordinal))
                {
                    return (int)double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
                }
            }

            return 0;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return 0;
        }
    }

    public string LogTail(int lines = 60)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException exception)
        {
            return $"(no log: {exception.Message})";
        }
    }

    public async ValueTask DisposeAsync()
    {
        ChildProcess.KillQuietly(_process);
        try
        {
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
        }

        ChildProcess.Untrack(_process);
        _process.Dispose();
        Http.Dispose();
    }
}

/// <summary>A silo's HTTP and silo-to-silo ports; a restarted silo keeps them, as a supervisor restarting it would.</summary>
internal sealed record class SiloPorts(int Http, int Silo)
{
    public static SiloPorts Free() => new(FreePorts.Next(), FreePorts.Next());
}
