using ContactTrace.Bench.Cli;
using ContactTrace.Bench.Report;

namespace ContactTrace.Bench.Commands;

/// <summary><c>bench generate</c>: a city's scans to a CSV or NDJSON file, streamed.</summary>
internal static class GenerateCommand
{
    public static Task<int> RunAsync(Arguments args, CancellationToken ct)
    {
        var output = args.RequiredText("out");
        var parameters = CityArguments.Read(args, CityArguments.FixedStart);
        args.ThrowIfUnused();
        var format = FormatOf(output);

        var city = City.Generate(parameters);
        CityArguments.Describe(parameters, Console.Out);
        var clock = Stopwatch.StartNew();
        long written;
        using (var file = new FileStream(output, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            written = ScanFiles.Write(city.Scans().TakeWhile(_ => !ct.IsCancellationRequested), file, format);
        }

        ct.ThrowIfCancellationRequested();
        Console.WriteLine($"wrote {Figures.Count(written)} scans to {output} ({Figures.Megabytes(new FileInfo(output).Length)}) in {Figures.Seconds(clock.Elapsed)}");
        if (parameters.StartDate < CityArguments.RecentStart(28))
        {
            Console.WriteLine("note: the host rejects scans older than its retention (28 days by default); pass --start for recent days to import them.");
        }

        return Task.FromResult(0);
    }

    private static ScanFileFormat FormatOf(string path)
    {
        try
        {
            return ScanFiles.FormatOf(path);
        }
        catch (ArgumentException)
        {
            throw new UsageException($"--out '{path}' must end in .csv or .ndjson.");
        }
    }
}
