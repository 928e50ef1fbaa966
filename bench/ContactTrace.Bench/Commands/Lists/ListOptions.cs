using ContactTrace.Bench.Cli;

namespace ContactTrace.Bench.Commands.Lists;

/// <summary>The options of <c>bench cases</c> and <c>bench persons</c>: how many rows, how many timed requests of each kind.</summary>
internal sealed record class ListOptions(string Command, int Rows, int Requests, bool Keep, string? Repo)
{
    public static ListOptions Read(string command, string rowsName, int defaultRows, Arguments args)
    {
        var options = new ListOptions(
            command,
            args.Int(rowsName, defaultRows, 100, 10_000_000),
            args.Int("requests", 50, 5, 10_000),
            args.Flag("keep"),
            args.Text("repo"));
        args.ThrowIfUnused();
        return options;
    }
}
