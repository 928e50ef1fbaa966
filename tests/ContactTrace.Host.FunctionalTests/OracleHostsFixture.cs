using ContactTrace.Oracle;

namespace ContactTrace.Host.FunctionalTests;

/// <summary>One host per policy preset, each on its own fresh PostgreSQL database, shared by the oracle tests.</summary>
public sealed class OracleHostsFixture : IAsyncLifetime
{
    public OracleHost NationalV9 { get; private set; } = null!;

    public OracleHost TwentyMeasures { get; private set; } = null!;

    public OracleHost For(string preset) => preset switch
    {
        OraclePolicy.NationalV9Name => NationalV9,
        OraclePolicy.TwentyMeasuresName => TwentyMeasures,
        _ => throw new ArgumentOutOfRangeException(nameof(preset), preset, "not a preset"),
    };

    public async ValueTask InitializeAsync()
    {
        var databases = await Task.WhenAll(PostgresServer.CreateDatabaseAsync("oracle_v9"), PostgresServer.CreateDatabaseAsync("oracle_20"));
        NationalV9 = new OracleHost(databases[0], $"oracle-v9-{Guid.NewGuid():N}", OraclePolicy.NationalV9Name);
        TwentyMeasures = new OracleHost(databases[1], $"oracle-20-{Guid.NewGuid():N}", OraclePolicy.TwentyMeasuresName);
        await Task.WhenAll(Task.Run(() => NationalV9.Server), Task.Run(() => TwentyMeasures.Server));
    }

    public async ValueTask DisposeAsync()
    {
        await NationalV9.DisposeAsync();
        await TwentyMeasures.DisposeAsync();
    }
}
