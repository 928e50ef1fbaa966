namespace ContactTrace.FaultTests;

/// <summary>What a fault test checked and counted: to the runner's diagnostics (shown live) and to the test's output.</summary>
internal static class Report
{
    private static readonly Stopwatch Clock = Stopwatch.StartNew();

    public static void Line(string text)
    {
        var line = $"[{Clock.Elapsed.TotalSeconds,7:0.0}s] {text}";
        TestContext.Current.SendDiagnosticMessage(line);
        TestContext.Current.TestOutputHelper?.WriteLine(line);
    }
}
