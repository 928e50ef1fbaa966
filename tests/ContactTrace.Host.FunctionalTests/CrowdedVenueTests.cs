using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace ContactTrace.Host.FunctionalTests;

/// <summary>
/// A crowded bath house on the real host and PostgreSQL: two thousand people co-present with the case and with each
/// other. The trace must find them all, write evidence that grows with visits (not with pairs of people), and stay
/// within a memory bound. Alone in its collection, so that the process's allocations during the trace are its own.
/// </summary>
[Collection(CrowdedVenueCollection.Name)]
public sealed class CrowdedVenueTests(PostgresHostFixture fixture) : IClassFixture<PostgresHostFixture>
{
    private const int Crowd = 2000;
    private const int LateBathers = 50;
    private const int Shoppers = 1000;

    /// <summary>
    /// What the trace may allocate, in all, for this crowd. Pairs of co-present people would take several times as much:
    /// the crowd's 4,000 evening and morning windows against 4,050 visits are 8 million pairs.
    /// </summary>
    private const long AllocationBound = 400L * 1024 * 1024;

    private static readonly DateTimeOffset Morning = DateTimeOffset.UtcNow.Date.AddDays(-1).AddHours(2);

    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Id(string name) => $"{name}-{_run}";

    private static string Iso(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture);

    [Fact]
    public async Task ACrowdedVenueIsTracedWithEvidenceLinearInVisitsAndBoundedMemory()
    {
        var admin = fixture.Host.CreateClient(ContactTraceHost.AdminKey);
        await PutAsync(admin, $"/api/persons/{Id("case")}", new { district = "daowai" });
        await PutAsync(admin, $"/api/venues/{Id("bath")}", new { name = "浴池", district = "daowai", kind = "bath-house" });
        await PutAsync(admin, $"/api/venues/{Id("market")}", new { name = "早市", district = "daowai", kind = "market" });

        // The case bathes 2:00–6:00 and shops 7:00–7:30. The crowd bathes in the morning with the case and again in the
        // evening without; late bathers come in the evening only (contacts of the crowd); shoppers meet the case at the market.
        var scans = new List<object> { Scan("case", "bath", Morning, Morning.AddHours(4)), Scan("case", "market", Morning.AddHours(5), Morning.AddHours(5.5)) };
        for (var i = 0; i < Crowd; i++)
        {
            var arrival = Morning.AddMinutes(i % 180);
            scans.Add(Scan($"crowd{i}", "bath", arrival, arrival.AddHours(1)));
            scans.Add(Scan($"crowd{i}", "bath", Morning.AddHours(12), Morning.AddHours(13)));
        }

        for (var i = 0; i < LateBathers; i++)
        {
            scans.Add(Scan($"late{i}", "bath", Morning.AddHours(12.5), Morning.AddHours(13.5)));
        }

        for (var i = 0; i < Shoppers; i++)
        {
            scans.Add(Scan($"shopper{i}", "market", Morning.AddHours(5).AddMinutes(i % 20), Morning.AddHours(5.5)));
        }

        var posted = await fixture.Host.CreateClient(ContactTraceHost.ScannerKey).PostAsJsonAsync("/api/scans", scans, Ct);
        Assert.Equal(scans.Count, (await Json.ReadAsync(posted)).GetProperty("accepted").GetInt32());

        // Act
        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var tracer = fixture.Host.CreateClient(ContactTraceHost.TracerKey);
        var reported = await tracer.PostAsJsonAsync("/api/cases", new
        {
            caseId = Id("c"),
            personId = Id("case"),
            classification = "confirmed",
            sampledAt = Iso(Morning.AddHours(20)),
            reportedAt = Iso(Morning.AddHours(22)),
        }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, reported.StatusCode);
        var trace = await CompletedTraceAsync(tracer, Id("c"));
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        // Assert: everyone found, once, in the right category.
        Assert.Equal((Crowd, LateBathers, Shoppers),
            (trace.GetProperty("closeContacts").GetInt32(), trace.GetProperty("secondaryContacts").GetInt32(), trace.GetProperty("venueExposed").GetInt32()));

        // A late bather overlapped the whole evening crowd: one evidence item for their one visit, naming how many it overlapped.
        var late = await Json.ReadAsync(await tracer.GetAsync($"/api/cases/{Id("c")}/contacts?tier=2&limit=1", Ct));
        var evidence = Assert.Single(late.GetProperty("items")[0].GetProperty("exposures").EnumerateArray());
        Assert.Equal(Crowd, evidence.GetProperty("sourceCount").GetInt32());
        Assert.StartsWith("crowd", evidence.GetProperty("viaPersonId").GetString(), StringComparison.Ordinal);

        // Rows grow with contacts and visits: at most a few per visit, never one per pair.
        var (exposureRows, sourceRows) = await CountRowsAsync(Id("c"));
        var contacts = Crowd + LateBathers + Shoppers;
        Assert.True(exposureRows + sourceRows <= 4 * (contacts + scans.Count),
            $"{exposureRows} evidence rows and {sourceRows} source rows for {contacts} contacts and {scans.Count} visits");
        Assert.True(exposureRows <= 2 * contacts, $"{exposureRows} evidence rows for {contacts} contacts");
        Assert.True(allocated < AllocationBound, $"the trace allocated {allocated / (1024 * 1024)} MiB");
    }

    private object Scan(string person, string venue, DateTimeOffset from, DateTimeOffset until) =>
        new { scanId = $"s-{Guid.NewGuid():N}", personId = Id(person), venueId = Id(venue), scannedAt = Iso(from), leftAt = Iso(until) };

    private static async Task PutAsync(HttpClient client, string path, object body) =>
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync(path, body, Ct)).StatusCode);

    private static async Task<JsonElement> CompletedTraceAsync(HttpClient tracer, string caseId)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var trace = (await Json.ReadAsync(await tracer.GetAsync($"/api/cases/{caseId}", Ct))).GetProperty("trace");
            if (trace.GetProperty("status").GetString() == "completed")
            {
                return trace;
            }

            Assert.True(waited.Elapsed < TimeSpan.FromMinutes(2), $"the trace is still {trace.GetProperty("status")} after 2 minutes");
            await Task.Delay(100, Ct);
        }
    }

    private async Task<(long Exposures, long Sources)> CountRowsAsync(string caseId)
    {
        await using var data = NpgsqlDataSource.Create(fixture.ConnectionString);
        await using var command = data.CreateCommand("SELECT (SELECT count(*) FROM exposures WHERE case_id = $1), (SELECT count(*) FROM trace_sources WHERE case_id = $1)");
        command.Parameters.Add(new NpgsqlParameter { Value = caseId });
        await using var reader = await command.ExecuteReaderAsync(Ct);
        await reader.ReadAsync(Ct);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}

/// <summary>Runs alone: its allocation bound counts the whole process's allocations during the trace.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CrowdedVenueCollection
{
    public const string Name = "crowded venue";
}
