using System.Globalization;
using ContactTrace.Host.Tools;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace ContactTrace.Host.FunctionalTests;

/// <summary>
/// <c>contacttrace import-tests FILE</c> against a real host on a loopback port (the embedded default): CSV and
/// NDJSON files go in, positive results become cases, a malformed line is a rejection of its own, and a second run
/// resumes after the last acknowledged line.
/// </summary>
public sealed class ImportTestsCommandTests : IAsyncLifetime
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"import-tests-{Guid.NewGuid():N}");
    private ContactTraceHost _host = null!;
    private Uri _url = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Id(string name) => $"{name}-{_run}";

    public ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _host = new ContactTraceHost(null, $"import-{_run}");
        _host.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _host.StartServer();
        _url = new Uri(_host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private Task<int> ImportAsync(string path) =>
        new ImportScansCommand(new CommandArguments([path, "--url", _url.ToString(), "--api-key", ContactTraceHost.LabKey, "--batch", "2"]),
            TextWriter.Null, TextWriter.Null, kind: ImportTarget.Tests).RunAsync();

    [Fact]
    public async Task ACsvAndAnNdjsonFileOfResultsGoInAndASecondRunResumesAfterTheLastAcknowledgedLine()
    {
        var admin = _host.CreateClient(ContactTraceHost.AdminKey);
        foreach (var person in new[] { "p1", "p2" })
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/persons/{Id(person)}", new { district = "daoli" }, Ct)).StatusCode);
        }

        string Time(int hoursAgo) => DateTimeOffset.UtcNow.AddHours(-hoursAgo).ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture);
        var csv = Path.Combine(_directory, "results.csv");
        await File.WriteAllLinesAsync(csv,
        [
            "testId,personId,sampledAt,resultAt,result,context,roundId,site,district",
            $"{Id("c1")},{Id("p1")},{Time(5)},{Time(2)},negative,community-round,r-1,道里,",
            $"{Id("c2")},{Id("p2")},{Time(5)},{Time(2)},positive,fever-clinic,,,",
            $"{Id("c3")},{Id("p3")},{Time(5)},{Time(2)},negative,arrival,,机场,hulan",
            $"{Id("c4")},{Id("p1")},{Time(5)},{Time(6)},negative,community-round,,,",
        ], Ct);
        var ndjson = Path.Combine(_directory, "results.ndjson");
        await File.WriteAllLinesAsync(ndjson,
        [
            $$$"""{"testId":"{{{Id("n1")}}}","personId":"{{{Id("p1")}}}","sampledAt":"{{{Time(3)}}}","resultAt":"{{{Time(1)}}}","result":"negative","context":{"kind":"key-population-open"}}""",
            "not json",
        ], Ct);

        // Act
        var csvExit = await ImportAsync(csv);
        var ndjsonExit = await ImportAsync(ndjson);
        var again = await ImportAsync(csv);

        // Assert
        Assert.Equal((0, 0, 0), (csvExit, ndjsonExit, again));
        Assert.Equal(5, (await ImportProgress.ReadAsync(csv))!.Line);
        Assert.Equal(2, (await ImportProgress.ReadAsync(ndjson))!.Line);
        var tracer = _host.CreateClient(ContactTraceHost.TracerKey);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var response = await tracer.GetAsync($"/api/cases/t:{Id("c2")}", Ct);
        while (response.StatusCode == HttpStatusCode.NotFound && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50, Ct); // the positive is made a case moments after the batch is answered
            response = await tracer.GetAsync($"/api/cases/t:{Id("c2")}", Ct);
        }

        var made = await Json.ReadAsync(response);
        Assert.Equal(("care-seeking", Id("p2")), (made.GetProperty("discoveryChannel").GetString(), made.GetProperty("personId").GetString()));
        Assert.Equal("hulan", (await Json.ReadAsync(await tracer.GetAsync($"/api/persons/{Id("p3")}", Ct))).GetProperty("district").GetString());
    }
}
