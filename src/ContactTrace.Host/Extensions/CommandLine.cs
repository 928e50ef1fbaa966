using ContactTrace.Host.Tools;
using ContactTrace.Storage;

namespace ContactTrace.Host.Extensions;

/// <summary>
/// Sub-commands of the <c>contacttrace</c> executable that do a job and exit instead of serving:
/// <c>help</c> (also <c>--help</c>, <c>-h</c>, <c>COMMAND --help</c>) prints usage; <c>migrate</c> applies the schema to
/// <c>ConnectionStrings:Postgres</c>; <c>import-scans FILE</c>, <c>import-tests FILE</c> and <c>export-contacts CASEID</c> talk to a running
/// host over HTTP. Anything else — no arguments, or only settings such as <c>--urls URL</c> or
/// <c>Key=Value</c> — serves.
/// </summary>
internal static class CommandLine
{
    private const string MigrateUsage = """
        contacttrace migrate [--ConnectionStrings:Postgres=CONNECTION]
          Applies the database schema (the project's tables and the Orleans ADO.NET tables) to
          ConnectionStrings:Postgres — from configuration, the environment (ConnectionStrings__Postgres) or the
          argument — and exits. The host also migrates at start; this is for a deployment's migration step.
        """;

    private const string ServeUsage = """
        contacttrace [--urls URL] [--Section:Key=Value ...]
          Serves: one Orleans silo and the HTTP API (http://localhost:5080 with `dotnet run`). Without
          ConnectionStrings:Postgres it runs the embedded default: everything in memory, nothing durable.
          Settings are the configuration keys of the README, as arguments or environment variables.
        """;

    /// <summary>Runs a sub-command and returns true, or returns false when the arguments ask the host to serve.</summary>
    public static async Task<bool> TryRunAsync(string[] args)
    {
        if (await RunAsync(args, Console.Out, Console.Error) is not { } exitCode)
        {
            return false;
        }

        Environment.ExitCode = exitCode;
        return true;
    }

    /// <summary>The sub-command's exit code, or <c>null</c> when the host should serve.</summary>
    internal static async Task<int?> RunAsync(string[] args, TextWriter output, TextWriter error, HttpMessageHandler? http = null)
    {
        switch (args)
        {
            case []:
                return null;
            case ["help"]:
            case [var flag, ..] when IsHelp(flag):
                return await HelpAsync(output);
            case ["help", var command]:
                return await CommandHelpAsync(command, output, error);
            case [var setting, ..] when setting.StartsWith('-') || setting.Contains('='):
                return args.Any(IsHelp) ? await HelpAsync(output) : null;
            case [var command, .. var rest] when rest.Any(IsHelp):
                return await CommandHelpAsync(command, output, error);
            case ["import-scans", .. var rest]:
                return await new ImportScansCommand(new(rest), output, error, http).RunAsync();
            case ["import-tests", .. var rest]:
                return await new ImportScansCommand(new(rest), output, error, http, ImportTarget.Tests).RunAsync();
            case ["export-contacts", .. var rest]:
                return await new ExportContactsCommand(new(rest), output, error, http).RunAsync();
            case ["migrate", .. var rest]:
                return await MigrateAsync(rest, output, error);
            default:
                await error.WriteLineAsync($"contacttrace: unknown command '{args[0]}'. Commands: {string.Join(", ", Commands.Select(c => c.Name))}; `contacttrace help` explains each.");
                return 2;
        }
    }

    private static IEnumerable<(string Name, string Usage)> Commands =>
    [
        ("serve (no command)", ServeUsage),
        ("migrate", MigrateUsage),
        ("import-scans", ImportTarget.Scans.Usage),
        ("import-tests", ImportTarget.Tests.Usage),
        ("export-contacts", ExportContactsCommand.Usage),
        ("help", "contacttrace help [COMMAND]    (also --help, -h, COMMAND --help)\n  Prints this text, or one command's, and exits."),
    ];

    private static bool IsHelp(string argument) => argument is "--help" or "-h" or "-?";

    private static async Task<int> HelpAsync(TextWriter output)
    {
        await output.WriteLineAsync("contacttrace — ContactTrace's host (Orleans silo + HTTP API) and its tools.");
        await output.WriteLineAsync();
        foreach (var (_, usage) in Commands)
        {
            await output.WriteLineAsync(usage);
            await output.WriteLineAsync();
        }

        await output.WriteLineAsync("The HTTP tools read --url from CONTACTTRACE_URL (default http://localhost:5080) and --api-key from CONTACTTRACE_API_KEY.");
        return 0;
    }

    private static async Task<int> CommandHelpAsync(string command, TextWriter output, TextWriter error)
    {
        var usage = Commands.Where(c => c.Name == command).Select(c => c.Usage).FirstOrDefault();
        if (usage is null)
        {
            await error.WriteLineAsync($"contacttrace: unknown command '{command}'. Commands: {string.Join(", ", Commands.Select(c => c.Name))}.");
            return 2;
        }

        await output.WriteLineAsync(usage);
        return 0;
    }

    private static async Task<int> MigrateAsync(string[] settings, TextWriter output, TextWriter error)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(settings);
        if (!builder.Configuration.HasPostgres())
        {
            await error.WriteLineAsync("migrate needs ConnectionStrings:Postgres (e.g. ConnectionStrings__Postgres=\"Host=...;Username=...\").");
            return 2;
        }

        builder.AddContactTraceStorage();
        using var host = builder.Build();
        await host.Services.GetRequiredService<SchemaMigrator>().MigrateAsync();
        await output.WriteLineAsync("Schema is up to date.");
        return 0;
    }
}
