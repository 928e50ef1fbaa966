using System.Globalization;
using Microsoft.Extensions.Time.Testing;

namespace ContactTrace.Host.FunctionalTests;

/// <summary>
/// A host for the screening tests whose domain clock is a <see cref="FakeTimeProvider"/> the tests advance: on
/// PostgreSQL (<see cref="PostgresScreeningHost"/>) or on the embedded in-memory default (<see cref="EmbeddedScreeningHost"/>).
/// The clock starts at the real now (scans and results are checked against it), to the minute.
/// </summary>
public abstract class ScreeningHost : IAsyncLifetime
{
    public FakeTimeProvider Time { get; } = new(Minute(DateTimeOffset.UtcNow));

    public ContactTraceHost Host { get; private set; } = null!;

    public string? ConnectionString { get; private set; }

    public HttpClient Admin { get; private set; } = null!;

    public HttpClient Tracer { get; private set; } = null!;

    public HttpClient Lab { get; private set; } = null!;

    public HttpClient Public { get; private set; } = null!;

    public HttpClient Scanner { get; private set; } = null!;

    protected abstract bool OnPostgres { get; }

    public static DateTimeOffset Minute(DateTimeOffset time) => new(time.UtcTicks - time.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);

    public static string Iso(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    public async ValueTask InitializeAsync()
    {
        ConnectionString = OnPostgres ? await PostgresServer.CreateDatabaseAsync("screening") : null;
        Host = new ContactTraceHost(ConnectionString, $"screening-{Guid.NewGuid():N}", time: Time);
        Admin = Host.CreateClient(ContactTraceHost.AdminKey);
        Tracer = Host.CreateClient(ContactTraceHost.TracerKey);
        Lab = Host.CreateClient(ContactTraceHost.LabKey);
        Public = Host.CreateClient(ContactTraceHost.PublicKey);
        Scanner = Host.CreateClient(ContactTraceHost.ScannerKey);
    }

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();

    /// <summary>Moves the domain clock on; the screening scheduler wakes for timers that fell due.</summary>
    public void Advance(TimeSpan by) => Time.Advance(by);

    /// <summary>Polls <paramref name="read"/> until <paramref name="done"/> holds (background work is asynchronous), for at most 30 s.</summary>
    public static Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what) =>
        Poll.UntilAsync(read, done, TimeSpan.FromSeconds(30), what, TestContext.Current.CancellationToken, TimeSpan.FromMilliseconds(50));
}

public sealed class PostgresScreeningHost : ScreeningHost
{
    protected override bool OnPostgres => true;
}

public sealed class EmbeddedScreeningHost : ScreeningHost
{
    protected override bool OnPostgres => false;
}
