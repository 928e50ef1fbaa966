namespace ContactTrace.Bench.Cli;

/// <summary>A command line the bench cannot run: printed without a stack trace, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
