using System.Diagnostics;
using System.Globalization;
using ContactTrace.Scans;
using ContactTrace.Storage;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace ContactTrace.Host.FunctionalTests;

/// <summary>
/// Writes never wait on a trace: with a case's trace held inside its first read (blocking the thread it runs on, as a
/// long computation would), scans in its window are acknowledged, and the case answers reads and changes; the
/// re-trace those scans cause runs once the trace is let go. Real host and PostgreSQL, its own database.
/// </summary>
public sealed class HeldTraceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Yesterday = new DateTimeOffset(DateTimeOffset.UtcNow.Date, TimeSpan.Zero).AddDays(-1);

    private readonly ScanReadGate _gate = new();
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private WebApplicationFactory<Program> _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync("held");
        _host = new ContactTraceHost(connectionString, $"held-{_run}").WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<PostgresScanStore>();
            services.AddSingleton<IScanStore>(sp => _gate.Around(sp.GetRequiredService<PostgresScanStore>()));
        }));
        _ = _host.Server;
    }

    public async ValueTask DisposeAsync()
    {
        _gate.Release();
        await _host.DisposeAsync();
    }

    private string Id(string name) => $"{name}-{_run}";

    private static string Iso(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture);

    private HttpClient Client(string key)
    {
        var client = _host.CreateDefaultClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    private object Scan(string person, string venue, DateTimeOffset from) =>
        new { scanId = $"s-{Guid.NewGuid():N}", personId = Id(person), venueId = Id(venue), scannedAt = Iso(from) };

    [Fact]
    public async Task ScansInTheWindowOfAHeldTraceAreAcknowledgedTheCaseAnswersAndTheRetraceFollows()
    {
        var admin = Client(ContactTraceHost.AdminKey);
        var tracer = Client(ContactTraceHost.TracerKey);
        var scanner = Client(ContactTraceHost.ScannerKey);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/venues/{Id("restaurant")}", new { name = "饭店", district = "daoli", kind = "restaurant" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/venues/{Id("bus")}", new { name = "公交", district = "daoli", kind = "bus" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/persons/{Id("p0")}", new { district = "daoli" }, Ct)).StatusCode);
        await scanner.PostAsJsonAsync("/api/scans", new[] { Scan("p0", "restaurant", Yesterday.AddHours(10)), Scan("p1", "restaurant", Yesterday.AddHours(10.5)) }, Ct);
        _gate.HoldNextReadOf(Id("p0"));
        var posted = await tracer.PostAsJsonAsync("/api/cases", new
        {
            caseId = Id("c"),
            personId = Id("p0"),
            classification = "asymptomatic",
            sampledAt = Iso(Yesterday.AddHours(20)),
            reportedAt = Iso(Yesterday.AddHours(22)),
        }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        await _gate.Reached.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        HttpResponseMessage scans, read, classification;
        try
        {
            // Act, the trace held: the case's person rode a bus with p9 (a scan that arrives late, in the case's window).
            scans = await scanner.PostAsJsonAsync("/api/scans", new[] { Scan("p0", "bus", Yesterday.AddHours(15)), Scan("p9", "bus", Yesterday.AddHours(15.2)) }, Ct);
            read = await tracer.GetAsync($"/api/cases/{Id("c")}", Ct);
            classification = await tracer.PutAsJsonAsync($"/api/cases/{Id("c")}/classification", new { classification = "confirmed", at = Iso(Yesterday.AddHours(23)) }, Ct);
            Assert.False(_gate.Released, "every answer came while the trace was held");
        }
        finally
        {
            _gate.Release();
        }

        // Assert
        Assert.Equal(HttpStatusCode.OK, scans.StatusCode);
        Assert.Equal(2, (await Json.ReadAsync(scans)).GetProperty("accepted").GetInt32());
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("running", (await Json.ReadAsync(read)).GetProperty("trace").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, classification.StatusCode);
        Assert.Equal("confirmed", (await Json.ReadAsync(classification)).GetProperty("classification").GetString());

        // The late scan re-traces the case once it is let go: p9 becomes a close contact.
        var waited = Stopwatch.StartNew();
        var contacts = new List<string?>();
        while (!contacts.Contains(Id("p9")) && waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(100, Ct);
            var page = await Json.ReadAsync(await tracer.GetAsync($"/api/cases/{Id("c")}/contacts?tier=1", Ct));
            contacts = [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("personId").GetString())];
        }

        Assert.Equal([Id("p1"), Id("p9")], contacts.Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// The scan store, holding the trace that reads a chosen person's scans: it blocks that read's thread until
    /// released, as a long computation occupies the thread a trace runs on.
    /// </summary>
    private sealed class ScanReadGate
    {
        private readonly ManualResetEventSlim _release = new(false);
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private string? _held;

        public Task Reached => _reached.Task;

        public bool Released => _release.IsSet;

        public void HoldNextReadOf(string personId) => _held = personId;

        public void Release() => _release.Set();

        public IScanStore Around(IScanStore inner) => new Store(inner, this);

        private void WaitIfHeld(IReadOnlyCollection<string> personIds)
        {
            if (_held is { } held && personIds.Contains(held) && Interlocked.CompareExchange(ref _held, null, held) == held)
            {
                _reached.TrySetResult();
                _release.Wait(TimeSpan.FromMinutes(2));
            }
        }

        private sealed class Store(IScanStore inner, ScanReadGate gate) : IScanStore
        {
            public Task<IReadOnlyList<int>> InsertAsync(IReadOnlyList<Scan> scans, CancellationToken cancellationToken = default) =>
                inner.InsertAsync(scans, cancellationToken);

            public Task<IReadOnlyList<Visit>> ReadVenueVisitsAsync(string venueId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
                inner.ReadVenueVisitsAsync(venueId, from, to, cancellationToken);

            public Task<IReadOnlyList<Scan>> ReadPersonScansAsync(
                IReadOnlyCollection<string> personIds, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
            {
                gate.WaitIfHeld(personIds);
                return inner.ReadPersonScansAsync(personIds, from, to, cancellationToken);
            }

            public Task<int> PurgeBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default) =>
                inner.PurgeBeforeAsync(cutoff, cancellationToken);
        }
    }
}
