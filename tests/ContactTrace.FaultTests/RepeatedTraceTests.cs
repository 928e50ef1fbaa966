namespace ContactTrace.FaultTests;

/// <summary>
/// What a resumed trace relies on: a trace that runs again over the same evidence (after a crash between writing its
/// results and recording it had finished, or when a tracer adds a contact) leaves every running assignment it wrote
/// before exactly as it was — nothing superseded, nothing written twice, nothing lost. Fault 1 hits this only when
/// the kill falls between those two writes; here it is made to happen for every case.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class RepeatedTraceTests
{
    private const int Cases = 12;
    private const string District = "daowai";
    private const string Running = "('assigned', 'awaiting-capacity', 'checked-in')";

    [Fact(Timeout = 180_000)]
    public async Task ATraceRunAgainLeavesEveryRunningAssignmentAsItWas()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await FaultCluster.CreateAsync("rerun");
        var silo = (await cluster.StartSilosAsync(1, ct))[0];
        using var client = cluster.Client(silo);
        var now = DateTimeOffset.UtcNow;
        var city = TestCity.Neighbourhoods("rr", Cases, 12, District, now.AddMinutes(-90), seed: 11);
        await Api.PutAsync(client, "/api/hotels/rr-hotel", new { name = "隔离酒店", district = District, capacity = 10_000 }, ct);
        await city.RegisterAsync([client], ct);
        var caseIds = city.Outbreaks.Select(o => o.CaseId).ToList();
        foreach (var outbreak in city.Outbreaks)
        {
            await Api.PostCaseAsync(client, outbreak.CaseId, outbreak.CasePersonId, now.AddHours(-1), ct);
        }

        await Api.WaitForTracesAsync([client], caseIds, TimeSpan.FromSeconds(60), ct);
        var before = await Sql.RowsAsync(cluster.Database, $"SELECT assignment_id, person_id, kind, status FROM assignments WHERE status IN {Running} ORDER BY 1", ct);
        Report.Line($"{Cases} cases traced once: {before.Count} running assignments, {await Sql.ScalarAsync(cluster.Database, "SELECT count(*) FROM assignments", ct)} rows in all");

        // Act: each case runs again, for one more contact a tracer found (a newcomer with no scans and no household).
        foreach (var outbreak in city.Outbreaks)
        {
            var newcomer = $"{outbreak.CaseId}-newcomer";
            await Api.PutAsync(client, $"/api/persons/{newcomer}", new { district = District }, ct);
            using var response = await client.PostAsJsonAsync($"/api/cases/{outbreak.CaseId}/contacts",
                new { personId = newcomer, at = now.AddHours(-5).ToString("O", CultureInfo.InvariantCulture), setting = "meal" }, ct);
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"POST contact of {outbreak.CaseId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        }

        await Api.WaitForTracesAsync([client], caseIds, TimeSpan.FromSeconds(60), ct);

        // Assert
        var after = (await Sql.RowsAsync(cluster.Database, $"SELECT assignment_id, person_id, kind, status FROM assignments WHERE status IN {Running} AND person_id NOT LIKE '%-newcomer' ORDER BY 1", ct));
        var newcomers = await Sql.ScalarAsync(cluster.Database, $"SELECT count(*) FROM assignments WHERE status IN {Running} AND person_id LIKE '%-newcomer'", ct);
        var changed = before.Except(after).Select(r => $"no longer running: {r}").Concat(after.Except(before).Select(r => $"new: {r}")).ToList();
        var statuses = await Sql.RowsAsync(cluster.Database, "SELECT kind, status, count(*) FROM assignments GROUP BY 1, 2 ORDER BY 1, 2", ct);
        Report.Line($"after the second run: {after.Count} running assignments of the first run's persons ({changed.Count} changed), {newcomers} for the newcomers; by kind and status: {string.Join("; ", statuses)}");
        foreach (var line in changed.Take(12))
        {
            Report.Line($"  {line}");
        }

        Assert.True(newcomers == Cases * 2, $"The {Cases} newcomers got {newcomers} running assignments, not {Cases * 2} (centralized isolation and follow-up each).");
        Assert.True(changed.Count == 0, $"Running the traces again changed {changed.Count} running assignments of persons whose evidence did not change:\n{string.Join("\n", changed.Take(30))}");
        await Sql.AssertNoneAsync(cluster.Database, "assignments superseded by a run over the same evidence",
            "SELECT assignment_id, person_id, kind, starts_at, ends_at FROM assignments WHERE status = 'superseded'", ct);
        await Sql.AssertNoneAsync(cluster.Database, "close contacts without exactly one running centralized isolation and one follow-up",
            $"""
            SELECT c.person_id, count(*) FILTER (WHERE a.kind = 'centralized-isolation'), count(*) FILTER (WHERE a.kind = 'home-monitoring')
            FROM (SELECT DISTINCT person_id FROM contacts WHERE category = 'close-contact') c
            LEFT JOIN assignments a ON a.person_id = c.person_id AND a.status IN {Running}
            GROUP BY c.person_id
            HAVING count(*) FILTER (WHERE a.kind = 'centralized-isolation') <> 1 OR count(*) FILTER (WHERE a.kind = 'home-monitoring') <> 1
            """, ct);

        cluster.Passed();
    }
}
