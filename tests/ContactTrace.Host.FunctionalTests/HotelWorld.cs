using System.Globalization;
using Npgsql;

namespace ContactTrace.Host.FunctionalTests;

/// <summary>
/// A fresh database with a real host on it, for one hotel test: allocation is city-wide, so people left waiting by
/// one test must never take another test's rooms. Drives the scenario through HTTP and reads back through SQL.
/// </summary>
internal sealed class HotelWorld : IAsyncDisposable
{
    /// <summary>A whole minute three hours ago: inside every case's exposure window, and periods still running.</summary>
    public static readonly DateTimeOffset Base = TruncateToMinute(DateTimeOffset.UtcNow.AddHours(-3));

    private readonly NpgsqlDataSource _database;

    private readonly Action<Microsoft.AspNetCore.Hosting.IWebHostBuilder>? _configure;

    private HotelWorld(string connectionString, string clusterId, Action<Microsoft.AspNetCore.Hosting.IWebHostBuilder>? configure)
    {
        ConnectionString = connectionString;
        ClusterId = clusterId;
        _configure = configure;
        _database = NpgsqlDataSource.Create(connectionString);
        Host = new ContactTraceHost(connectionString, clusterId, configure);
        _ = Host.Server;
    }

    public string ConnectionString { get; }

    public string ClusterId { get; }

    public ContactTraceHost Host { get; private set; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<HotelWorld> StartAsync(string purpose, Action<Microsoft.AspNetCore.Hosting.IWebHostBuilder>? configure = null) =>
        new(await PostgresServer.CreateDatabaseAsync(purpose), $"{purpose}-{Guid.NewGuid():N}", configure);

    /// <summary>Stops the host and starts a new one on the same database and cluster id.</summary>
    public async Task RestartAsync()
    {
        await Host.DisposeAsync();
        Host = new ContactTraceHost(ConnectionString, ClusterId, _configure);
        _ = Host.Server;
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await _database.DisposeAsync();
    }

    public HttpClient Client(string apiKey) => Host.CreateClient(apiKey);

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    public static string Iso(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    private static DateTimeOffset TruncateToMinute(DateTimeOffset time) =>
        new(time.UtcTicks - time.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);

    // ---- registry and scans, through HTTP

    public async Task PutHotelAsync(string hotelId, string district, int capacity)
    {
        var put = await Client(ContactTraceHost.AdminKey).PutAsJsonAsync($"/api/hotels/{hotelId}", new { name = "隔离酒店", district, capacity }, Ct);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
    }

    /// <summary>
    /// A case and its close contacts on one bus: the contacts, each registered in <paramref name="district"/>,
    /// board a minute apart while the case rides, so that every one of them overlaps the case.
    /// </summary>
    public async Task<Outbreak> SeedBusAsync(string district, int contacts, int minutesAfterBase = 0)
    {
        var id = Guid.NewGuid().ToString("N");
        var venueId = $"bus-{id}";
        var caseOutbreak = new Outbreak($"case-{id}", $"p-{id}-case", [.. Enumerable.Range(1, contacts).Select(i => $"p-{id}-c{i}")]);
        var admin = Client(ContactTraceHost.AdminKey);
        var venue = await admin.PutAsJsonAsync($"/api/venues/{venueId}", new { name = "公交车", district, kind = "bus" }, Ct);
        Assert.Equal(HttpStatusCode.OK, venue.StatusCode);
        foreach (var personId in caseOutbreak.ContactIds.Prepend(caseOutbreak.CasePersonId))
        {
            var person = await admin.PutAsJsonAsync($"/api/persons/{personId}", new { district }, Ct);
            Assert.Equal(HttpStatusCode.OK, person.StatusCode);
        }

        var start = Base.AddMinutes(minutesAfterBase);
        var scans = caseOutbreak.ContactIds
            .Select((personId, i) => new { scanId = $"s-{id}-{i + 1}", personId, venueId, scannedAt = Iso(start.AddMinutes(i + 1)) })
            .Prepend(new { scanId = $"s-{id}-0", personId = caseOutbreak.CasePersonId, venueId, scannedAt = Iso(start) })
            .ToList();
        var posted = await Client(ContactTraceHost.ScannerKey).PostAsJsonAsync("/api/scans", scans, Ct);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal(contacts + 1, (await Json.ReadAsync(posted)).GetProperty("accepted").GetInt32());
        return caseOutbreak;
    }

    public Task ReportAsync(Outbreak outbreak) => ReportCaseAsync(outbreak.CaseId, outbreak.CasePersonId);

    /// <summary>Reports a confirmed case of this person, sampled an hour ago.</summary>
    public async Task ReportCaseAsync(string caseId, string personId)
    {
        var posted = await Client(ContactTraceHost.TracerKey).PostAsJsonAsync("/api/cases", new
        {
            caseId,
            personId,
            classification = "confirmed",
            sampledAt = Iso(DateTimeOffset.UtcNow.AddHours(-1)),
        }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
    }

    /// <summary>A contact a tracer found by interview, which retraces the case.</summary>
    public async Task ReportContactAsync(string caseId, string personId, DateTimeOffset at)
    {
        var posted = await Client(ContactTraceHost.TracerKey).PostAsJsonAsync($"/api/cases/{caseId}/contacts", new { personId, at = Iso(at), setting = "meal" }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
    }

    public async Task<bool> IsTracedAsync(string caseId)
    {
        var get = await Client(ContactTraceHost.TracerKey).GetAsync($"/api/cases/{caseId}", Ct);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        return (await Json.ReadAsync(get)).GetProperty("trace").GetProperty("status").GetString() == "completed";
    }

    public async Task ReportAndWaitAsync(Outbreak outbreak)
    {
        await ReportAsync(outbreak);
        await WaitTracedAsync(outbreak.CaseId);
    }

    public Task WaitTracedAsync(string caseId) =>
        WaitUntilAsync(() => IsTracedAsync(caseId), TimeSpan.FromSeconds(30), $"case {caseId} is traced");

    // ---- the hotel's side, through HTTP

    public Task<HttpResponseMessage> CheckInAsync(string assignmentId, string apiKey = ContactTraceHost.HotelKey) =>
        Client(apiKey).PostAsync($"/api/assignments/{assignmentId}/check-in", null, Ct);

    public Task<HttpResponseMessage> CheckOutAsync(string assignmentId, string apiKey = ContactTraceHost.HotelKey) =>
        Client(apiKey).PostAsync($"/api/assignments/{assignmentId}/check-out", null, Ct);

    /// <summary>The whole feed of a hotel from the start, page by page, each item as the API wrote it.</summary>
    public async Task<List<JsonElement>> ReadFeedAsync(string hotelId, int limit = 100, string apiKey = ContactTraceHost.HotelKey)
    {
        var items = new List<JsonElement>();
        string? after = null;
        do
        {
            var query = after is null ? $"?limit={limit}" : $"?limit={limit}&after={after}";
            var get = await Client(apiKey).GetAsync($"/api/hotels/{hotelId}/assignments{query}", Ct);
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
            var page = await Json.ReadAsync(get);
            items.AddRange(page.GetProperty("items").EnumerateArray().Select(item => item.Clone()));
            after = page.GetProperty("next").GetString();
        }
        while (after is not null);

        return items;
    }

    public async Task<JsonElement> GetHotelAsync(string hotelId, string apiKey = ContactTraceHost.AdminKey)
    {
        var get = await Client(apiKey).GetAsync($"/api/hotels/{hotelId}", Ct);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        return await Json.ReadAsync(get);
    }

    // ---- the database

    /// <summary>The centralized-isolation assignment of each of these persons as stored, leaving out superseded ones.</summary>
    public async Task<Dictionary<string, StoredAssignment>> CentralizedAsync(IEnumerable<string> personIds)
    {
        await using var command = _database.CreateCommand("""
            SELECT person_id, assignment_id, status, hotel_id FROM assignments
            WHERE kind = 'centralized-isolation' AND status <> 'superseded' AND person_id = ANY($1)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = personIds.ToArray() });
        var rows = new Dictionary<string, StoredAssignment>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            rows.Add(reader.GetString(0), new StoredAssignment(reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return rows;
    }

    /// <summary>The waiting assignments first come first, in the order allocation serves them.</summary>
    public async Task<List<string>> LongestWaitingAsync(int count)
    {
        await using var command = _database.CreateCommand("""
            SELECT assignment_id FROM assignments WHERE status = 'awaiting-capacity' ORDER BY queued_at, assignment_id LIMIT $1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = count });
        var waiting = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            waiting.Add(reader.GetString(0));
        }

        return waiting;
    }

    public async Task<long> CountAsync(string sql, params object[] values)
    {
        await using var command = _database.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct), CultureInfo.InvariantCulture);
    }

    /// <summary>Whether a later exposure has extended this assignment in place.</summary>
    public async Task<bool> ExtendedAsync(string assignmentId) =>
        await CountAsync("SELECT count(*) FROM assignments WHERE assignment_id = $1 AND reason = 'extended'", assignmentId) == 1;

    /// <summary>Rooms taken at a hotel, counted in the database by the same rule placement uses.</summary>
    public Task<long> TakenAsync(string hotelId) => CountAsync(
        "SELECT count(*) FROM assignments WHERE hotel_id = $1 AND status IN ('assigned', 'checked-in')", hotelId);

    public static Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what) => Poll.UntilAsync(condition, timeout, what, Ct);

    public sealed record class Outbreak(string CaseId, string CasePersonId, IReadOnlyList<string> ContactIds);

    public sealed record class StoredAssignment(string AssignmentId, string Status, string? HotelId);
}
