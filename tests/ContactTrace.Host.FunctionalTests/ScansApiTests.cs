using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using ContactTrace.Registry;
using ContactTrace.Scans;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans;

namespace ContactTrace.Host.FunctionalTests;

/// <summary><c>POST /api/scans</c> through HTTP on the real host and PostgreSQL.</summary>
public sealed class ScansApiTests(PostgresHostFixture fixture) : IClassFixture<PostgresHostFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record class Rejection(int Index, string? ScanId, string Field, string Message);

    private sealed record class Answer(int Accepted, int Duplicates, List<Rejection> Rejected);

    private sealed record class Record(string ScanId, string PersonId, string VenueId, string ScannedAt, string? LeftAt = null);

    /// <summary>A whole minute a day and a half ago: well inside retention and the venue index's horizon.</summary>
    private static readonly DateTimeOffset Base = TruncateToMinute(DateTimeOffset.UtcNow.AddHours(-36));

    private static DateTimeOffset TruncateToMinute(DateTimeOffset time) =>
        new(time.UtcTicks - time.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);

    private static string Iso(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private static async Task<string> RegisterVenueAsync(ContactTraceHost host, string kind)
    {
        var venueId = NewId("v");
        var put = await host.CreateClient(ContactTraceHost.AdminKey)
            .PutAsJsonAsync($"/api/venues/{venueId}", new { name = "场所", district = "daoli", kind }, Ct);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        return venueId;
    }

    private static async Task<Answer> PostAsync(ContactTraceHost host, IEnumerable<Record> records)
    {
        var response = await host.CreateClient(ContactTraceHost.ScannerKey).PostAsJsonAsync("/api/scans", records, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<Answer>(Ct))!;
    }

    private static Task<HttpResponseMessage> PostRawAsync(ContactTraceHost host, string body, string mediaType = "application/json") =>
        host.CreateClient(ContactTraceHost.ScannerKey).PostAsync("/api/scans", new StringContent(body, Encoding.UTF8, mediaType), Ct);

    /// <summary>How many rows the scans table holds for each of these scan ids (absent ids count 0).</summary>
    private static async Task<Dictionary<string, long>> RowsPerScanIdAsync(string connectionString, IEnumerable<string> scanIds)
    {
        var ids = scanIds.Distinct().ToArray();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand("SELECT scan_id, count(*) FROM scans WHERE scan_id = ANY($1) GROUP BY scan_id");
        command.Parameters.Add(new NpgsqlParameter { Value = ids });
        var rows = ids.ToDictionary(id => id, _ => 0L);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            rows[reader.GetString(0)] = reader.GetInt64(1);
        }

        return rows;
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql, object value)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = value });
        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct), CultureInfo.InvariantCulture);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? field)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await Json.ReadAsync(response);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        var errors = problem.GetProperty("errors");
        Assert.NotEmpty(errors.EnumerateObject());
        if (field is not null)
        {
            Assert.True(errors.TryGetProperty(field, out _), $"expected an error for '{field}', got {problem}");
        }
    }

    [Fact]
    public async Task AResentBatchChangesNothing()
    {
        var restaurant = await RegisterVenueAsync(fixture.Host, "restaurant");
        var market = await RegisterVenueAsync(fixture.Host, "market");
        Record[] batch =
        [
            new(NewId("s"), "p-1", restaurant, Iso(Base)),
            new(NewId("s"), "p-2", restaurant, Iso(Base.AddMinutes(10)), Iso(Base.AddMinutes(40))),
            new(NewId("s"), "p-3", restaurant, Iso(Base.AddMinutes(20))),
            new(NewId("s"), "p-1", market, Iso(Base.AddHours(2))),
            new(NewId("s"), "p-4", market, Iso(Base.AddHours(2).AddMinutes(5))),
        ];
        var grains = fixture.Host.Services.GetRequiredService<IGrainFactory>();
        ImmutableArray<PresenceWindow> windows = [new(Base, Base.AddHours(3))];

        // Act
        var first = await PostAsync(fixture.Host, batch);
        var venueAfterFirst = await grains.GetGrain<IVenueGrain>(restaurant).FindExposedAsync([.. windows.Select((w, i) => new ExposureSource(i, "p-nobody", w))]);
        var second = await PostAsync(fixture.Host, batch);
        var venueAfterSecond = await grains.GetGrain<IVenueGrain>(restaurant).FindExposedAsync([.. windows.Select((w, i) => new ExposureSource(i, "p-nobody", w))]);

        // Assert
        Assert.Equal(5, first.Accepted);
        Assert.Equal(0, first.Duplicates);
        Assert.Empty(first.Rejected);
        Assert.Equal(0, second.Accepted);
        Assert.Equal(5, second.Duplicates);
        Assert.Empty(second.Rejected);
        var rows = await RowsPerScanIdAsync(fixture.ConnectionString, batch.Select(r => r.ScanId));
        Assert.All(batch, r => Assert.Equal(1, rows[r.ScanId]));
        Assert.Equal(["p-1", "p-2", "p-3"], venueAfterFirst.Select(c => c.PersonId).Order());
        Assert.Equal(venueAfterFirst.OrderBy(c => c.PersonId), venueAfterSecond.OrderBy(c => c.PersonId));
    }

    [Fact]
    public async Task AMixedBatchKeepsTheGoodRecordsAndReportsEachBadOne()
    {
        var venue = await RegisterVenueAsync(fixture.Host, "bus");
        var now = DateTimeOffset.UtcNow;
        Record[] batch =
        [
            new(NewId("s"), "p-good-0", venue, Iso(Base)),                                              // 0 good
            new(NewId("s"), "p-x", NewId("v-unregistered"), Iso(Base)),                                 // 1 venueId
            new(NewId("s"), "p-good-2", venue, Iso(Base.AddMinutes(5)), Iso(Base.AddMinutes(25))),      // 2 good
            new(NewId("s"), "p-x", venue, Iso(now.AddMinutes(10))),                                     // 3 scannedAt: future
            new(NewId("s"), "p-x", venue, Iso(now.AddDays(-29))),                                       // 4 scannedAt: too old
            new(NewId("s"), "p-x", venue, Iso(Base), Iso(Base.AddMinutes(-1))),                         // 5 leftAt before scannedAt
            new("bad id", "p-x", venue, Iso(Base)),                                                     // 6 malformed scanId
            new(NewId("s"), "p x", venue, Iso(Base)),                                                   // 7 malformed personId
            new(NewId("s"), "p-x", venue, "2025-11-20T10:00:00"),                                       // 8 no offset
            new(NewId("s"), "p-good-9", venue, Iso(Base.AddMinutes(9))),                                // 9 good
        ];
        batch = [.. batch, batch[0] with { PersonId = "p-dup" }];                                       // 10 scanId twice in the batch

        // Act
        var answer = await PostAsync(fixture.Host, batch);

        // Assert
        Assert.Equal(3, answer.Accepted);
        Assert.Equal(0, answer.Duplicates);
        Assert.Equal(
        [
            (1, batch[1].ScanId, "venueId"),
            (3, batch[3].ScanId, "scannedAt"),
            (4, batch[4].ScanId, "scannedAt"),
            (5, batch[5].ScanId, "leftAt"),
            (6, "bad id", "scanId"),
            (7, batch[7].ScanId, "personId"),
            (8, batch[8].ScanId, "scannedAt"),
            (10, batch[0].ScanId, "scanId"),
        ], answer.Rejected.Select(r => (r.Index, r.ScanId, r.Field)));
        Assert.All(answer.Rejected, r => Assert.False(string.IsNullOrWhiteSpace(r.Message)));
        var rows = await RowsPerScanIdAsync(fixture.ConnectionString, batch.Select(r => r.ScanId));
        Assert.Equal(1, rows[batch[0].ScanId]);
        Assert.Equal(1, rows[batch[2].ScanId]);
        Assert.Equal(1, rows[batch[9].ScanId]);
        Assert.All(new[] { 1, 3, 4, 5, 6, 7, 8 }, i => Assert.Equal(0, rows[batch[i].ScanId]));
        Assert.Equal(0, await ScalarAsync(fixture.ConnectionString, "SELECT count(*) FROM scans WHERE person_id = $1", "p-dup"));
        Assert.Equal(0, await ScalarAsync(fixture.ConnectionString, "SELECT count(*) FROM scans WHERE person_id = $1", "p x"));
    }

    [Fact]
    public async Task AnNdjsonBodyIsIngestedLikeAnArray()
    {
        var venue = await RegisterVenueAsync(fixture.Host, "supermarket");
        var ids = new[] { NewId("s"), NewId("s"), NewId("s") };
        var body = string.Join("\n",
            $$"""{"scanId":"{{ids[0]}}","personId":"p-1","venueId":"{{venue}}","scannedAt":"{{Iso(Base)}}"}""",
            "",
            $$"""{"scanId":"{{ids[1]}}","personId":"p-2","venueId":"{{venue}}","scannedAt":"{{Iso(Base)}}","leftAt":"{{Iso(Base.AddMinutes(3))}}"}""",
            $$"""{"scanId":"{{ids[2]}}","personId":"p-3","venueId":"{{venue}}","scannedAt":"{{Iso(Base.AddMinutes(1))}}"}""") + "\n";

        // Act
        var first = await PostRawAsync(fixture.Host, body, "application/x-ndjson");
        var again = await PostRawAsync(fixture.Host, body, "application/x-ndjson");

        // Assert
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var firstAnswer = (await first.Content.ReadFromJsonAsync<Answer>(Ct))!;
        var againAnswer = (await again.Content.ReadFromJsonAsync<Answer>(Ct))!;
        Assert.Equal((3, 0, 0), (firstAnswer.Accepted, firstAnswer.Duplicates, firstAnswer.Rejected.Count));
        Assert.Equal((0, 3, 0), (againAnswer.Accepted, againAnswer.Duplicates, againAnswer.Rejected.Count));
        Assert.All((await RowsPerScanIdAsync(fixture.ConnectionString, ids)).Values, count => Assert.Equal(1, count));
    }

    [Fact]
    public async Task AnUnreadableNdjsonLineRejectsThatRecordOnly()
    {
        var venue = await RegisterVenueAsync(fixture.Host, "supermarket");
        var ids = new[] { NewId("s"), NewId("s") };
        var body = string.Join("\n",
            $$"""{"scanId":"{{ids[0]}}","personId":"p-1","venueId":"{{venue}}","scannedAt":"{{Iso(Base)}}"}""",
            """{"scanId":"s-broken","personId":""",
            $$"""{"scanId":"{{ids[1]}}","personId":"p-2","venueId":"{{venue}}","scannedAt":"{{Iso(Base)}}"}""");

        // Act
        var response = await PostRawAsync(fixture.Host, body, "application/x-ndjson");

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = (await response.Content.ReadFromJsonAsync<Answer>(Ct))!;
        Assert.Equal(2, answer.Accepted);
        Assert.Equal([(1, "body")], answer.Rejected.Select(r => (r.Index, r.Field)));
        Assert.All((await RowsPerScanIdAsync(fixture.ConnectionString, ids)).Values, count => Assert.Equal(1, count));
    }

    [Fact]
    public async Task AHugeNdjsonLineIsRejectedUnreadAndNeverEchoed()
    {
        var venue = await RegisterVenueAsync(fixture.Host, "supermarket");
        var ids = new[] { NewId("s"), NewId("s") };
        var huge = new string('x', 29 * 1024 * 1024);
        var body = string.Join("\n",
            $$"""{"scanId":"{{ids[0]}}","personId":"p-1","venueId":"{{venue}}","scannedAt":"{{Iso(Base)}}"}""",
            $$"""{"scanId":"{{huge}}","personId":"p-2","venueId":"{{venue}}","scannedAt":"{{Iso(Base)}}"}""",
            $$"""{"scanId":"{{new string('y', 300)}}","personId":"p-3","venueId":"{{venue}}","scannedAt":"{{Iso(Base)}}"}""",
            $$"""{"scanId":"{{ids[1]}}","personId":"p-4","venueId":"{{venue}}","scannedAt":"{{Iso(Base)}}"}""");

        // Act
        var response = await PostRawAsync(fixture.Host, body, "application/x-ndjson");

        // Assert: the other records are kept; the huge line is named, not repeated; a long id only by its start
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(text.Length < 2_000, $"the answer is {text.Length} characters long");
        var answer = JsonSerializer.Deserialize<Answer>(text, JsonSerializerOptions.Web)!;
        Assert.Equal(2, answer.Accepted);
        Assert.Equal([(1, (string?)null, "body"), (2, new string('y', 64) + "…", "scanId")], answer.Rejected.Select(r => (r.Index, r.ScanId, r.Field)));
        Assert.Contains("longer than 4096 bytes", answer.Rejected[0].Message, StringComparison.Ordinal);
        Assert.All((await RowsPerScanIdAsync(fixture.ConnectionString, ids)).Values, count => Assert.Equal(1, count));
    }

    [Fact]
    public async Task AHugeValueInAJsonArrayFailsTheBatchNamingTheRecordWithoutEchoingIt()
    {
        var venue = await RegisterVenueAsync(fixture.Host, "supermarket");
        var id = NewId("s");
        var body = $$"""[{"scanId":"{{id}}","personId":"p-1","venueId":"{{venue}}","scannedAt":"{{Iso(Base)}}"},""" +
            $$"""{"scanId":"s-2","personId":"{{new string('9', 29 * 1024 * 1024)}}","venueId":"{{venue}}","scannedAt":"{{Iso(Base)}}"}]""";

        // Act
        var response = await PostRawAsync(fixture.Host, body);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(text.Length < 2_000, $"the answer is {text.Length} characters long");
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Contains("longer than 1024 bytes", problem.GetProperty("errors").GetProperty("[1]")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await RowsPerScanIdAsync(fixture.ConnectionString, [id]))[id]);
    }

    [Fact]
    public async Task NullRecordsInAnArrayAreReportedAtTheirOwnIndexes()
    {
        var venue = await RegisterVenueAsync(fixture.Host, "supermarket");
        var ids = new[] { NewId("s"), NewId("s") };
        var body = $$"""
            [
              {"scanId":"{{ids[0]}}","personId":"p-1","venueId":"{{venue}}","scannedAt":"{{Iso(Base)}}"},
              null,
              null,
              {"scanId":"{{ids[1]}}","personId":"p-2","venueId":"{{venue}}","scannedAt":"{{Iso(Base)}}"}
            ]
            """;

        // Act
        var response = await PostRawAsync(fixture.Host, body);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = (await response.Content.ReadFromJsonAsync<Answer>(Ct))!;
        Assert.Equal(2, answer.Accepted);
        Assert.Equal([(1, "body"), (2, "body")], answer.Rejected.Select(r => (r.Index, r.Field)));
        Assert.All((await RowsPerScanIdAsync(fixture.ConnectionString, ids)).Values, count => Assert.Equal(1, count));
    }

    private static string ManyRecords(string prefix, string venueId, int count, bool ndjson)
    {
        var scannedAt = Iso(Base);
        var body = new StringBuilder(count * 140);
        body.Append(ndjson ? "" : "[");
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                body.Append(ndjson ? "\n" : ",");
            }

            body.Append(CultureInfo.InvariantCulture,
                $$"""{"scanId":"{{prefix}}-{{i}}","personId":"p-{{i % 997}}","venueId":"{{venueId}}","scannedAt":"{{scannedAt}}"}""");
        }

        body.Append(ndjson ? "\n" : "]");
        return body.ToString();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ABodyOfMoreThan50000RecordsGets413NamingTheBodyAndStoresNothing(bool ndjson)
    {
        var venue = await RegisterVenueAsync(fixture.Host, "station");
        var prefix = NewId("big");

        // Act
        var response = await PostRawAsync(fixture.Host, ManyRecords(prefix, venue, 50_001, ndjson), ndjson ? "application/x-ndjson" : "application/json");

        // Assert
        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "body");
        Assert.Equal(0, await ScalarAsync(fixture.ConnectionString, "SELECT count(*) FROM scans WHERE venue_id = $1", venue));
    }

    [Fact]
    public async Task ABodyOfExactly50000RecordsIsAcceptedWhole()
    {
        var venue = await RegisterVenueAsync(fixture.Host, "station");
        var prefix = NewId("full");

        // Act
        var response = await PostRawAsync(fixture.Host, ManyRecords(prefix, venue, 50_000, ndjson: false));

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = (await response.Content.ReadFromJsonAsync<Answer>(Ct))!;
        Assert.Equal((50_000, 0, 0), (answer.Accepted, answer.Duplicates, answer.Rejected.Count));
        Assert.Equal(50_000, await ScalarAsync(fixture.ConnectionString, "SELECT count(DISTINCT scan_id) FROM scans WHERE venue_id = $1", venue));
    }

    [Theory]
    [InlineData("""[{"scanId":"s-1","personId":""")]
    [InlineData("""not json""")]
    [InlineData("""{"scanId":"s-1"}""")]
    [InlineData("""[{"scanId":"s-1","personId":"p-1","venueId":"v-1","scannedAt":20261120}]""")]
    [InlineData("")]
    public async Task AnUnreadableBodyGets400ProblemAndTheServiceKeepsServing(string body)
    {
        var venue = await RegisterVenueAsync(fixture.Host, "mall");
        var good = new Record(NewId("s"), "p-1", venue, Iso(Base));

        // Act
        var response = await PostRawAsync(fixture.Host, body);
        var next = await PostAsync(fixture.Host, [good]);

        // Assert
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field: null);
        Assert.Equal(1, next.Accepted);
        Assert.Equal(0, await ScalarAsync(fixture.ConnectionString, "SELECT count(*) FROM scans WHERE scan_id = $1", "s-1"));
    }

    [Theory]
    [InlineData(ContactTraceHost.TracerKey)]
    [InlineData(ContactTraceHost.HotelKey)]
    public async Task KeysOfOtherRolesGet403(string key)
    {
        var venue = await RegisterVenueAsync(fixture.Host, "mall");
        var record = new Record(NewId("s"), "p-1", venue, Iso(Base));

        // Act
        var response = await fixture.Host.CreateClient(key).PostAsJsonAsync("/api/scans", new[] { record }, Ct);

        // Assert
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, (await RowsPerScanIdAsync(fixture.ConnectionString, [record.ScanId]))[record.ScanId]);
    }

    [Fact]
    public async Task ARequestWithoutKeyGets401Problem()
    {
        var venue = await RegisterVenueAsync(fixture.Host, "mall");
        var record = new Record(NewId("s"), "p-1", venue, Iso(Base));

        // Act
        var response = await fixture.Host.CreateDefaultClient().PostAsJsonAsync("/api/scans", new[] { record }, Ct);

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, (await RowsPerScanIdAsync(fixture.ConnectionString, [record.ScanId]))[record.ScanId]);
    }

    [Fact]
    public async Task ScansPastTheRetentionPeriodArePurgedWhenAHostStarts()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync("retention");
        var clusterId = $"retention-{Guid.NewGuid():N}";
        var expired = new Scan(NewId("s"), "p-1", "v-1", DateTimeOffset.UtcNow.AddDays(-40), null);
        var lastDayKept = new Scan(NewId("s"), "p-1", "v-1", DateTimeOffset.UtcNow.AddDays(-27), null);
        var recent = new Scan(NewId("s"), "p-1", "v-1", DateTimeOffset.UtcNow.AddDays(-1), null);
        await using (var first = new ContactTraceHost(connectionString, clusterId))
        {
            _ = first.Server; // creates the schema
        }

        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
        {
            Assert.Equal(3, (await new ContactTrace.Storage.PostgresScanStore(dataSource).InsertAsync([expired, lastDayKept, recent], Ct)).Count);
        }

        // Act
        await using var second = new ContactTraceHost(connectionString, clusterId);
        _ = second.Server;
        var rows = await RowsPerScanIdAsync(connectionString, [expired.ScanId, lastDayKept.ScanId, recent.ScanId]);
        for (var attempt = 0; attempt < 100 && rows[expired.ScanId] > 0; attempt++)
        {
            await Task.Delay(100, Ct);
            rows = await RowsPerScanIdAsync(connectionString, [expired.ScanId, lastDayKept.ScanId, recent.ScanId]);
        }

        // Assert
        Assert.Equal(0, rows[expired.ScanId]);
        Assert.Equal(1, rows[lastDayKept.ScanId]);
        Assert.Equal(1, rows[recent.ScanId]);
        var expiredPartition = $"scans_{expired.ScannedAt.UtcDateTime:yyyyMMdd}";
        Assert.Equal(0, await ScalarAsync(connectionString, "SELECT count(*) FROM pg_class WHERE relname = $1", expiredPartition));
    }

    [Fact]
    public async Task AfterAHostRestartAVenueAnswersExactlyAsBefore()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync("scanrestart");
        var clusterId = $"scan-restart-{Guid.NewGuid():N}";
        var at = DateTimeOffset.UtcNow.AddDays(-2); // not truncated: real scans carry sub-second times
        ImmutableArray<PresenceWindow> windows = [new(at, at.AddHours(1)), new(at.AddHours(5), at.AddHours(6))];
        string restaurant, market;
        Record[] batch;
        ImmutableArray<CoPresence> restaurantBefore, marketBefore;

        await using (var first = new ContactTraceHost(connectionString, clusterId))
        {
            restaurant = await RegisterVenueAsync(first, "restaurant");
            market = await RegisterVenueAsync(first, "market");
            batch =
            [
                new(NewId("s"), "p-case", restaurant, Iso(at), Iso(at.AddHours(1))),
                new(NewId("s"), "p-1", restaurant, Iso(at.AddMinutes(-50))),                             // until +10 min
                new(NewId("s"), "p-2", restaurant, Iso(at.AddMinutes(30)), Iso(at.AddMinutes(31))),
                new(NewId("s"), "p-3", restaurant, Iso(at.AddMinutes(-60))),                             // touches: out
                new(NewId("s"), "p-4", restaurant, Iso(at.AddHours(5).AddMinutes(59))),                  // one minute
                new(NewId("s"), "p-5", restaurant, Iso(at.AddHours(3))),                                 // between: out
                new(NewId("s"), "p-case", market, Iso(at.AddHours(5))),
                new(NewId("s"), "p-6", market, Iso(at.AddHours(4).AddMinutes(40))),                      // until 5:10
                new(NewId("s"), "p-7", market, Iso(at.AddHours(4).AddMinutes(20))),                      // until 4:50: out
            ];
            var answer = await PostAsync(first, batch);
            Assert.Equal(batch.Length, answer.Accepted);

            var grains = first.Services.GetRequiredService<IGrainFactory>();
            restaurantBefore = await grains.GetGrain<IVenueGrain>(restaurant).FindExposedAsync([.. windows.Select((w, i) => new ExposureSource(i, "p-case", w))]);
            marketBefore = await grains.GetGrain<IVenueGrain>(market).FindExposedAsync([.. windows.Select((w, i) => new ExposureSource(i, "p-case", w))]);
        }

        // Act
        await using var second = new ContactTraceHost(connectionString, clusterId);
        var grainsAfter = second.Services.GetRequiredService<IGrainFactory>();
        var restaurantAfter = await grainsAfter.GetGrain<IVenueGrain>(restaurant).FindExposedAsync([.. windows.Select((w, i) => new ExposureSource(i, "p-case", w))]);
        var marketAfter = await grainsAfter.GetGrain<IVenueGrain>(market).FindExposedAsync([.. windows.Select((w, i) => new ExposureSource(i, "p-case", w))]);
        var resent = await PostAsync(second, batch);

        // Assert
        Assert.Equal(["p-1", "p-2", "p-4"], restaurantBefore.Select(c => c.PersonId).Order());
        Assert.Equal(["p-6"], marketBefore.Select(c => c.PersonId));
        Assert.Equal(restaurantBefore.OrderBy(c => c.PersonId), restaurantAfter.OrderBy(c => c.PersonId));
        Assert.Equal(marketBefore.OrderBy(c => c.PersonId), marketAfter.OrderBy(c => c.PersonId));
        Assert.Equal((0, batch.Length, 0), (resent.Accepted, resent.Duplicates, resent.Rejected.Count));
        Assert.All((await RowsPerScanIdAsync(connectionString, batch.Select(r => r.ScanId))).Values, count => Assert.Equal(1, count));
    }
}
