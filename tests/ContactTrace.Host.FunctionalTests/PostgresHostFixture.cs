namespace ContactTrace.Host.FunctionalTests;

/// <summary>A fresh database on the real PostgreSQL server and a host on it, for one test class.</summary>
public sealed class PostgresHostFixture : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";

    public string ClusterId { get; } = $"test-{Guid.NewGuid():N}";

    public ContactTraceHost Host { get; private set; } = null!;

    public ContactTraceHost NewHost() => new(ConnectionString, ClusterId);

    public async ValueTask InitializeAsync()
    {
        ConnectionString = await PostgresServer.CreateDatabaseAsync("host");
        Host = NewHost();
        _ = Host.Server; // start it now, so that the first test does not pay for it in its own timeout
    }

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}
