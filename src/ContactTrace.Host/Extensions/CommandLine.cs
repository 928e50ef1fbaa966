using ContactTrace.Storage;

namespace ContactTrace.Host.Extensions;

/// <summary>
/// Sub-commands of the <c>contacttrace</c> executable that do a job and exit instead of serving:
/// <c>migrate</c> applies the schema to <c>ConnectionStrings:Postgres</c>; <c>import-scans FILE</c>,
/// <c>import-tests FILE</c> and <c>export-contacts CASEID</c> talk to a running host over HTTP.
/// </summary>
internal static class CommandLine
{
    public static async Task<bool> TryRunAsync(string[] args)
    {
        switch (args)
        {
            case ["import-scans", .. var rest]:
                Environment.ExitCode = await new ContactTrace.Host.Tools.ImportScansCommand(new(rest)).RunAsync();
                return true;
            case ["import-tests", .. var rest]:
                Environment.ExitCode = await new ContactTrace.Host.Tools.ImportScansCommand(new(rest), ContactTrace.Host.Tools.ImportTarget.Tests).RunAsync();
                return true;
            case ["export-contacts", .. var rest]:
                Environment.ExitCode = await new ContactTrace.Host.Tools.ExportContactsCommand(new(rest)).RunAsync();
                return true;
            case not ["migrate", ..]:
                return false;
        }

        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(args[1..]);
        if (!builder.Configuration.HasPostgres())
        {
            await Console.Error.WriteLineAsync("migrate needs ConnectionStrings:Postgres (e.g. ConnectionStrings__Postgres=\"Host=...;Username=...\").");
            Environment.ExitCode = 2;
            return true;
        }

        builder.AddContactTraceStorage();
        using var host = builder.Build();
        await host.Services.GetRequiredService<SchemaMigrator>().MigrateAsync();
        Console.WriteLine("Schema is up to date.");
        return true;
    }
}
