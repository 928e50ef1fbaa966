namespace ContactTrace;

/// <summary>
/// The service key of the <see cref="TimeProvider"/> our domain code reads "now" from. It is keyed so that tests
/// can drive the domain's clock with a fake one without stopping the Orleans runtime's own timers.
/// </summary>
public static class Clock
{
    public const string Key = "contacttrace";
}
