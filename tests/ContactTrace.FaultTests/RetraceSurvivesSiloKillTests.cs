namespace ContactTrace.FaultTests;

/// <summary>
/// Fault: a silo acknowledges a late scan that re-traces a case, and is killed before the re-trace runs. The request
/// was recorded durably with the scan's acknowledgement, so a silo started afterwards runs it: the late contact is
/// found. The first silo does not hand out re-traces (<c>ContactTrace:Retraces:Dispatch</c> off), so the kill always
/// falls between acknowledgement and execution.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class RetraceSurvivesSiloKillTests
{
    private const string District = "daowai";

    [Fact(Timeout = 240_000)]
    public async Task AReTraceAcknowledgedBeforeASiloIsKilledRunsOnTheSiloStartedAfter()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var first = await FaultCluster.CreateAsync("retrace1", settings: new Dictionary<string, string> { ["ContactTrace__Retraces__Dispatch"] = "false" });
        var silo = (await first.StartSilosAsync(1, ct))[0];
        using var client = first.Client(silo);
        var city = TestCity.Buses("rt", 1, 3, District, DateTimeOffset.UtcNow.AddHours(-6));
        await city.RegisterAsync([client], ct);
        var outbreak = city.Outbreaks[0];
        await Api.PostCaseAsync(client, outbreak.CaseId, outbreak.CasePersonId, DateTimeOffset.UtcNow.AddHours(-1), ct);
        await Api.WaitForTracesAsync([client], [outbreak.CaseId], TimeSpan.FromSeconds(60), ct);

        // Act: the case's person also took a taxi with a stranger, scanned late; then the silo dies.
        await Api.PutAsync(client, "/api/venues/rt-taxi", new { name = "出租车", district = District, kind = "taxi" }, ct);
        var taxiAt = TestCity.Minute(DateTimeOffset.UtcNow.AddHours(-3));
        await Api.PostScansAsync(client,
            [new ScanRecord("rt-late-1", outbreak.CasePersonId, "rt-taxi", taxiAt, taxiAt.AddMinutes(20)), new ScanRecord("rt-late-2", "rt-stranger", "rt-taxi", taxiAt.AddMinutes(5), null)], ct);
        var recorded = await Sql.ScalarAsync(first.Database, "SELECT count(*) FROM trace_requests", ct);
        silo.Kill();
        Report.Line($"late scans acknowledged; {recorded} re-trace request(s) recorded; kill -9 {silo.Name} (pid {silo.Pid})");

        await using var second = await FaultCluster.CreateAsync("retrace2", first.ConnectionString);
        var after = (await second.StartSilosAsync(1, ct))[0];
        using var afterClient = second.Client(after);
        var found = await Api.EventuallyAsync(async () =>
            await Sql.ScalarAsync(second.Database, $"SELECT count(*) FROM contacts WHERE case_id = '{outbreak.CaseId}' AND person_id = 'rt-stranger'", ct) == 1,
            TimeSpan.FromSeconds(90), ct);

        // Assert
        Assert.Equal(1, recorded);
        Assert.True(found, $"the stranger in the taxi was not traced after the restart; log: {after.LogTail()}");
        Assert.True(await Api.EventuallyAsync(async () => await Sql.ScalarAsync(second.Database, "SELECT count(*) FROM trace_requests", ct) == 0,
            TimeSpan.FromSeconds(30), ct), "the request was removed once run");
        first.Passed();
        second.Passed();
    }

    /// <summary>
    /// The same for tier 2 kept open until isolation: a close contact, still waiting for a room, rides a taxi with a
    /// stranger after the case's report; the silo that acknowledged the scan dies before extending the trace. The
    /// silo started afterwards extends it: the stranger becomes a secondary contact, once, with one assignment.
    /// </summary>
    [Fact(Timeout = 240_000)]
    public async Task AnExtensionAcknowledgedBeforeASiloIsKilledRunsOnTheSiloStartedAfter()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var first = await FaultCluster.CreateAsync("extend1", settings: new Dictionary<string, string> { ["ContactTrace__Retraces__Dispatch"] = "false" });
        var silo = (await first.StartSilosAsync(1, ct))[0];
        using var client = first.Client(silo);
        var city = TestCity.Buses("ex", 1, 2, District, DateTimeOffset.UtcNow.AddHours(-8));
        await city.RegisterAsync([client], ct);
        var outbreak = city.Outbreaks[0];
        var reportedAt = TestCity.Minute(DateTimeOffset.UtcNow.AddHours(-3));
        using (var posted = await client.PostAsJsonAsync("/api/cases", new
        {
            caseId = outbreak.CaseId, personId = outbreak.CasePersonId, classification = "confirmed", sampledAt = reportedAt.AddHours(-1), reportedAt,
        }, ct))
        {
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        }

        await Api.WaitForTracesAsync([client], [outbreak.CaseId], TimeSpan.FromSeconds(60), ct);
        var contact = outbreak.ContactIds[0];

        // Act: an hour after the report the close contact, with no room to go to yet, takes a taxi with a stranger.
        await Api.PutAsync(client, "/api/venues/ex-taxi", new { name = "出租车", district = District, kind = "taxi" }, ct);
        await Api.PutAsync(client, "/api/persons/ex-stranger", new { district = District }, ct);
        var taxiAt = reportedAt.AddHours(1);
        await Api.PostScansAsync(client,
            [new ScanRecord("ex-late-1", contact, "ex-taxi", taxiAt, taxiAt.AddMinutes(20)), new ScanRecord("ex-late-2", "ex-stranger", "ex-taxi", taxiAt.AddMinutes(5), taxiAt.AddMinutes(15))], ct);
        var recorded = await Sql.ScalarAsync(first.Database, $"SELECT count(*) FROM trace_requests WHERE case_id = '{outbreak.CaseId}'", ct);
        silo.Kill();
        Report.Line($"the close contact's late scan acknowledged; {recorded} extension request(s) recorded; kill -9 {silo.Name} (pid {silo.Pid})");

        await using var second = await FaultCluster.CreateAsync("extend2", first.ConnectionString);
        var after = (await second.StartSilosAsync(1, ct))[0];
        using var afterClient = second.Client(after);
        var found = await Api.EventuallyAsync(async () =>
            await Sql.ScalarAsync(second.Database,
                $"SELECT count(*) FROM contacts WHERE case_id = '{outbreak.CaseId}' AND person_id = 'ex-stranger' AND category = 'secondary-contact' AND tier = 2", ct) == 1,
            TimeSpan.FromSeconds(90), ct);
        var drained = await Api.EventuallyAsync(async () => await Sql.ScalarAsync(second.Database, "SELECT count(*) FROM trace_requests", ct) == 0,
            TimeSpan.FromSeconds(30), ct);

        // Assert
        Assert.Equal(1, recorded);
        Assert.True(found, $"the stranger in the taxi was not traced after the restart; log: {after.LogTail()}");
        Assert.True(drained, "the request was removed once run");
        Assert.Equal(1, await Sql.ScalarAsync(second.Database, "SELECT count(*) FROM assignments WHERE person_id = 'ex-stranger'", ct));
        Assert.Equal(0, await Sql.ScalarAsync(second.Database,
            "SELECT count(*) FROM (SELECT person_id FROM assignments WHERE ended_at IS NULL GROUP BY person_id, kind HAVING count(*) > 1) twice", ct));
        first.Passed();
        second.Passed();
    }
}
