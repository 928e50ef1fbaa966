using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace ContactTrace.Storage.Tests;

/// <summary>Each pool of a silo is bounded below PostgreSQL's connection limit unless the connection string says otherwise.</summary>
public sealed class PostgresConnectionStringTests
{
    private static IConfiguration With(string? connectionString) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = connectionString }).Build();

    [Fact]
    public void APoolSizeIsSetWhenTheConnectionStringSetsNone()
    {
        var pooled = new NpgsqlConnectionStringBuilder(With("Host=db;Username=u;Database=d").PostgresConnectionString());

        Assert.Equal(StorageExtensions.DefaultMaxPoolSize, pooled.MaxPoolSize);
        Assert.Equal(("db", "d"), (pooled.Host, pooled.Database));
    }

    [Theory]
    [InlineData("Host=db;Maximum Pool Size=7")]
    [InlineData("Host=db;MaxPoolSize=7")]
    public void AConfiguredPoolSizeIsKept(string connectionString) =>
        Assert.Equal(7, new NpgsqlConnectionStringBuilder(With(connectionString).PostgresConnectionString()).MaxPoolSize);

    [Fact]
    public void NoConnectionStringIsNone() => Assert.Null(With("").PostgresConnectionString());
}
