using ContactTrace.Bench.Cli;
using ContactTrace.Bench.Commands;

// One sub-command per scenario; add `trace`, `feed`, `chain` here as they come.
var commands = new Dictionary<string, Func<Arguments, CancellationToken, Task<int>>>(StringComparer.Ordinal)
{
    ["generate"] = GenerateCommand.RunAsync,
    ["load"] = LoadCommand.RunAsync,
    ["ingest"] = IngestCommand.RunAsync,
    ["trace"] = TraceCommand.RunAsync,
    ["feed"] = FeedCommand.RunAsync,
    ["chain"] = ChainCommand.RunAsync,
    ["dense"] = DenseCommand.RunAsync,
    ["soak"] = SoakCommand.RunAsync,
    ["cases"] = CaseListCommand.RunAsync,
    ["persons"] = PersonSearchCommand.RunAsync,
    ["tests"] = ContactTrace.Bench.Commands.Screening.TestsBench.RunAsync,
    ["codes"] = ContactTrace.Bench.Commands.Screening.CodesBench.RunAsync,
};

if (args is [] || !commands.TryGetValue(args[0], out var run))
{
    Usage.Print(Console.Error);
    return args is [] or ["help" or "--help" or "-h"] ? 0 : 2;
}

using var shutdown = new Shutdown();
try
{
    return await run(Arguments.Parse(args[1..]), shutdown.Token);
}
catch (UsageException e)
{
    await Console.Error.WriteLineAsync($"bench {args[0]}: {e.Message}");
    await Console.Error.WriteLineAsync("Run `bench help` for the options.");
    return 2;
}
catch (OperationCanceledException) when (shutdown.Token.IsCancellationRequested)
{
    await Console.Error.WriteLineAsync($"bench {args[0]}: interrupted.");
    return 130;
}
