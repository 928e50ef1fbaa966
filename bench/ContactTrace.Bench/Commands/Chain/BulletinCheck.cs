using ContactTrace.Bench.Api;
using Npgsql;

namespace ContactTrace.Bench.Commands.Chain;

/// <summary>
/// Before anything is timed: the host's bulletin JSON and the bench's plain SQL (<see cref="PlainSqlQueries"/>),
/// each day of the outbreak until 15:00 and for the whole day (the sample: the last day until 15:00), must give the very same figures. Each difference is
/// printed on a <c>MISMATCH</c> line as it is found.
/// </summary>
internal sealed record class BulletinCheck(int Periods, int Mismatches, BulletinCounts SampleProduct, BulletinCounts SampleBaseline)
{
    private static readonly (string Query, TimeSpan End)[] Untils = [(ChainScenario.Until, TimeSpan.FromHours(15)), ("24:00", TimeSpan.FromHours(24))];

    public static async Task<BulletinCheck> RunAsync(TracingClient client, NpgsqlDataSource data, Outbreak outbreak, CancellationToken ct)
    {
        var (periods, mismatches) = (0, 0);
        BulletinCounts? product = null, baseline = null;
        for (var i = 0; i < outbreak.Days; i++)
        {
            var day = outbreak.FirstDay.AddDays(i);
            var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), CityClock.LocalOffset);
            foreach (var (until, end) in Untils)
            {
                var date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                var host = BulletinCounts.FromJson(await client.GetTextAsync($"api/reports/daily?date={date}&until={until}", ct));
                var sql = await PlainSqlQueries.BulletinAsync(data, start, start + end, ct);
                periods++;
                if (i == outbreak.Days - 1 && until == ChainScenario.Until)
                {
                    (product, baseline) = (host, sql);
                }

                foreach (var (name, fromHost, fromSql) in host.Differences(sql))
                {
                    mismatches++;
                    Console.WriteLine($"MISMATCH bulletin {date} until {until}: {name} product {fromHost}, plain SQL {fromSql}");
                }
            }
        }

        Console.WriteLine(mismatches == 0
            ? $"bulletin check: product JSON and plain SQL agree on every figure of {periods} periods"
            : $"bulletin check: MISMATCH, {mismatches} figures differ over {periods} periods");
        return new BulletinCheck(periods, mismatches, product!, baseline!);
    }
}
