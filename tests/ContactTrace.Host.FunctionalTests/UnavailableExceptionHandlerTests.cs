using ContactTrace.Host.Validation;
using Orleans.Runtime;

namespace ContactTrace.Host.FunctionalTests;

/// <summary>
/// Which failures answer 503 "resend, it is idempotent" rather than 500: those that say the request could not be
/// finished in time or reach its part of the cluster, never those that say it was wrong or was cancelled.
/// </summary>
public sealed class UnavailableExceptionHandlerTests
{
    public static TheoryData<Exception, bool> Failures => new()
    {
        { new TimeoutException("Response did not arrive on time in 00:00:30"), true },
        { new SiloUnavailableException("The target silo became unavailable"), true },
        { new InvalidOperationException("wrapped", new TimeoutException()), true },
        { new AggregateException(new TimeoutException()), true },
        { new ArgumentException("a bad argument"), false },
        { new InvalidOperationException("wrapped", new OperationCanceledException()), false },
        { new OperationCanceledException(), false },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void OnlyFailuresOfTimeOrReachAreTransient(Exception failure, bool transient) =>
        Assert.Equal(transient, UnavailableExceptionHandler.IsTransient(failure));
}
