namespace ContactTrace.Host.Tools;

/// <summary>The options of a sub-command: <c>--name value</c> pairs after the positional arguments.</summary>
internal sealed class CommandArguments(string[] args)
{
    public IReadOnlyList<string> Positional { get; } = [.. args.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal))];

    public string? Option(string name)
    {
        var index = Array.IndexOf(args, "--" + name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    /// <summary>Whether the option <c>--name</c> was given (an option without a value).</summary>
    public bool Flag(string name) => args.Contains("--" + name, StringComparer.Ordinal);

    public string Url => Option("url") ?? Environment.GetEnvironmentVariable("CONTACTTRACE_URL") ?? "http://localhost:5080";

    public string? ApiKey => Option("api-key") ?? Environment.GetEnvironmentVariable("CONTACTTRACE_API_KEY");
}
