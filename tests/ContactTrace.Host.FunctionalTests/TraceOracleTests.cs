using ContactTrace.CityGenerator;
using ContactTrace.Oracle;
using Npgsql;

namespace ContactTrace.Host.FunctionalTests;

/// <summary>
/// The grain trace against the independent SQL oracle (bench/ContactTrace.Oracle) on the same PostgreSQL tables:
/// generated cities under both presets, households, reported contacts and late scans, compared person by person,
/// tier by tier, category by category.
/// </summary>
public sealed class TraceOracleTests(OracleHostsFixture fixture) : IClassFixture<OracleHostsFixture>
{
    private const int CasesPerCity = 3;

    [Theory]
    [InlineData(OraclePolicy.NationalV9Name, 1)]
    [InlineData(OraclePolicy.NationalV9Name, 2)]
    [InlineData(OraclePolicy.NationalV9Name, 3)]
    [InlineData(OraclePolicy.TwentyMeasuresName, 1)]
    [InlineData(OraclePolicy.TwentyMeasuresName, 4)]
    [InlineData(OraclePolicy.TwentyMeasuresName, 5)]
    public async Task GrainTraceAgreesWithTheSqlOracleOnAGeneratedCity(string preset, int seed)
    {
        var ct = TestContext.Current.CancellationToken;
        var host = fixture.For(preset);
        var client = host.CreateAdminClient();
        var now = WholeSeconds(DateTimeOffset.UtcNow);
        var city = OracleCity.Generate($"g{seed}", seed, persons: 500, venues: 40, scansPerDay: 2, lastScanEnd: now.AddMinutes(-15));
        await city.RegisterAsync(client, ct);

        // Act
        var (caseIds, _, reported) = await ReportCasesOneAfterAnotherAsync(host, client, city, seed, now, ct);

        // Assert
        await OracleComparison.AssertAgreesAsync(host.ConnectionString, caseIds, OraclePolicy.ForPreset(preset), reported, ct);
    }

    [Theory]
    [InlineData(OraclePolicy.NationalV9Name, 11)]
    [InlineData(OraclePolicy.TwentyMeasuresName, 12)]
    public async Task LateScanInsideATracedWindowIsTracedAsTheOracleSays(string preset, int seed)
    {
        var ct = TestContext.Current.CancellationToken;
        var host = fixture.For(preset);
        var policy = OraclePolicy.ForPreset(preset);
        var client = host.CreateAdminClient();
        var now = WholeSeconds(DateTimeOffset.UtcNow);
        var city = OracleCity.Generate($"late{seed}", seed, persons: 300, venues: 30, scansPerDay: 2, lastScanEnd: now.AddMinutes(-15));
        await city.RegisterAsync(client, ct);
        var (caseIds, casePersons, reported) = await ReportCasesOneAfterAnotherAsync(host, client, city, seed, now, ct);
        await OracleComparison.AssertAgreesAsync(host.ConnectionString, caseIds, policy, reported, ct);

        // A new person (with a housemate who never scanned) at a close-class venue while the case was there.
        var caseId = caseIds[0];
        var visit = await CaseVisitInsideWindowAsync(host.ConnectionString, caseId, casePersons[0], city, ct);
        var late = OracleCity.Id(city.Tag, "late-a");
        var housemate = OracleCity.Id(city.Tag, "late-b");
        foreach (var personId in new[] { late, housemate })
        {
            var put = await client.PutAsJsonAsync($"/api/persons/{personId}", new { district = "daoli", householdId = OracleCity.Id(city.Tag, "late-hh") }, ct);
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        // Act
        await OracleCity.PostScansAsync(
            client, [new Scan(OracleCity.Id(city.Tag, "late-scan"), late, visit.VenueId, visit.ScannedAt.AddMinutes(1), visit.ScannedAt.AddMinutes(20))], ct);
        var traced = await OracleTracing.EventuallyAsync(
            async () => (await GrainContactsAsync(host.ConnectionString, caseId, ct)).ContainsKey(late), TimeSpan.FromSeconds(20), ct);

        // Assert
        Assert.True(traced, $"The late scan of {late} at {visit.VenueId} ({visit.ScannedAt.AddMinutes(1):u}) did not reach case {caseId} within 20 s.");
        await OracleTracing.WaitForTracesAsync(client, [caseId], ct);
        await OracleComparison.AssertAgreesAsync(host.ConnectionString, caseIds, policy, reported, ct);
        var oracle = await OracleAsync(host.ConnectionString, caseId, policy, reported, ct);
        Assert.Equal(OracleCategories.CloseContact, oracle[late].Category);
        Assert.Equal(policy.TraceSecondaryContacts, oracle.ContainsKey(housemate));
    }

    [Fact]
    public async Task OracleAndGrainTraceFollowTheFieldsRulesOnAHandBuiltCity()
    {
        var ct = TestContext.Current.CancellationToken;
        var host = fixture.NationalV9;
        var client = host.CreateAdminClient();
        var city = HandBuiltCity.Create(WholeMinutes(DateTimeOffset.UtcNow));
        await city.City.RegisterAsync(client, ct);
        await OracleTracing.PostCaseAsync(client, city.OtherCaseId, city.Id("Y"), city.OtherSampledAt, onsetAt: null, city.OtherReportedAt, ct);
        await OracleTracing.WaitForTracesAsync(client, [city.OtherCaseId], ct);

        // Act
        await OracleTracing.PostCaseAsync(client, city.CaseId, city.Id("X"), city.SampledAt, city.OnsetAt, reportedAt: null, ct);
        await OracleTracing.WaitForTracesAsync(client, [city.CaseId], ct);
        await OracleTracing.PostReportedAsync(client, city.Reported, ct);
        await OracleTracing.WaitForTracesAsync(client, [city.CaseId], ct);

        // Assert: the window as DESIGN.md resolves it, the oracle as worked out by hand, the grain as the oracle.
        var (windowStart, _) = await WindowAsync(host.ConnectionString, city.CaseId, ct);
        Assert.Equal(city.OnsetAt.AddDays(-2), windowStart);
        var oracle = await OracleAsync(host.ConnectionString, city.CaseId, OraclePolicy.NationalV9, [city.Reported], ct);
        var expected = city.Expected.Select(e => $"{city.Id(e.Key)}: {e.Value}").Order(StringComparer.Ordinal);
        var computed = oracle.Values.Select(c => $"{c.PersonId}: {c.Tier} {c.Category}").Order(StringComparer.Ordinal);
        Assert.Equal(expected, computed);
        await OracleComparison.AssertAgreesAsync(host.ConnectionString, [city.CaseId], OraclePolicy.NationalV9, [city.Reported], ct);

        // The baseline's assignment rows: 5 close contacts × (centralized + home monitoring), 5 secondary × home
        // isolation, 2 venue-exposed × tests on days 1 and 3; a re-run inserts nothing.
        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync(ct);
        Assert.Equal(19, await TraceOracle.InsertAssignmentsAsync(connection, city.CaseId, OraclePolicy.NationalV9, [.. oracle.Values], ct));
        Assert.Equal(0, await TraceOracle.InsertAssignmentsAsync(connection, city.CaseId, OraclePolicy.NationalV9, [.. oracle.Values], ct));
    }

    /// <summary>
    /// Two people of one household test positive and are reported together, as families are: whichever trace runs
    /// first, neither is the other's contact (both are cases by the time either trace completes), and nobody is
    /// anyone's contact through the other.
    /// </summary>
    [Fact]
    public async Task HousematesReportedTogetherAreNeverEachOthersContacts()
    {
        var ct = TestContext.Current.CancellationToken;
        var host = fixture.NationalV9;
        var client = host.CreateAdminClient();
        var now = WholeSeconds(DateTimeOffset.UtcNow);
        var city = OracleCity.Generate("pair21", 21, persons: 300, venues: 30, scansPerDay: 2, lastScanEnd: now.AddMinutes(-15));
        await city.RegisterAsync(client, ct);
        var scanners = city.Scans.Where(s => s.ScannedAt > now.AddHours(-40)).Select(s => s.PersonId).ToHashSet(StringComparer.Ordinal);
        var pair = city.Persons.GroupBy(p => p.HouseholdId)
            .Select(h => h.Select(p => p.PersonId).Where(scanners.Contains).ToList())
            .First(members => members.Count >= 2);
        string[] caseIds = [OracleCity.Id(city.Tag, "case-a"), OracleCity.Id(city.Tag, "case-b")];

        // Act
        await Task.WhenAll(
            OracleTracing.PostCaseAsync(client, caseIds[0], pair[0], now.AddHours(-1), onsetAt: null, reportedAt: null, ct),
            OracleTracing.PostCaseAsync(client, caseIds[1], pair[1], now.AddHours(-1), onsetAt: null, reportedAt: null, ct));
        await OracleTracing.WaitForTracesAsync(client, caseIds, ct);

        // Assert
        await OracleComparison.AssertAgreesAsync(host.ConnectionString, caseIds, OraclePolicy.NationalV9, [], ct);
    }

    /// <summary>
    /// Three unrelated cases reported at once, and tracers' interview contacts posted while their first traces are
    /// still running: every trace completes promptly and agrees with the oracle. (The cities are disjoint, so the
    /// cases cannot reach each other.)
    /// </summary>
    [Fact]
    public async Task ContactsReportedWhileTracesRunAreTracedAsTheOracleSays()
    {
        var ct = TestContext.Current.CancellationToken;
        var host = fixture.NationalV9;
        var client = host.CreateAdminClient();
        var now = WholeSeconds(DateTimeOffset.UtcNow);
        var cities = Enumerable.Range(0, 3)
            .Select(i => OracleCity.Generate($"during{22 + i}", 22 + i, persons: 150, venues: 20, scansPerDay: 2, lastScanEnd: now.AddMinutes(-15)))
            .ToList();
        foreach (var city in cities)
        {
            await city.RegisterAsync(client, ct);
        }

        var caseIds = cities.Select(c => OracleCity.Id(c.Tag, "case")).ToList();
        var reported = cities.SelectMany((c, i) => new[]
        {
            new OracleReportedContact(caseIds[i], c.Persons[^1].PersonId, now.AddHours(-8), now.AddHours(-7)),
            new OracleReportedContact(caseIds[i], c.Persons[^2].PersonId, now.AddHours(-30), null),
        }).ToList();

        // Act
        for (var i = 0; i < cities.Count; i++)
        {
            await OracleTracing.PostCaseAsync(client, caseIds[i], cities[i].Persons[0].PersonId, now.AddHours(-1), onsetAt: null, reportedAt: null, ct);
        }

        foreach (var contact in reported)
        {
            await OracleTracing.PostReportedAsync(client, contact, ct);
        }

        await OracleTracing.WaitForTracesAsync(client, caseIds, ct);

        // Assert
        await OracleComparison.AssertAgreesAsync(host.ConnectionString, caseIds, OraclePolicy.NationalV9, reported, ct);
    }

    /// <summary>
    /// Reports the city's cases one at a time, each after the previous trace completed and each of a person no
    /// earlier case reached (a case's contact who later becomes a case is a different scenario: the contact was
    /// rightly traced before), then a tracer's interview contacts for the first two cases.
    /// </summary>
    private static async Task<(List<string> CaseIds, List<string> CasePersons, List<OracleReportedContact> Reported)> ReportCasesOneAfterAnotherAsync(
        OracleHost host, HttpClient client, OracleCity city, int seed, DateTimeOffset now, CancellationToken ct)
    {
        var random = new Random(seed);
        var policy = OraclePolicy.ForPreset(host.Preset);
        var candidates = city.Scans.Where(s => s.ScannedAt > now.AddHours(-40)).Select(s => s.PersonId)
            .Distinct().Order(StringComparer.Ordinal).OrderBy(_ => random.Next()).ToList();
        var everyone = city.Persons.Select(p => p.PersonId).Order(StringComparer.Ordinal).ToList();
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var (caseIds, casePersons, reported) = (new List<string>(), new List<string>(), new List<OracleReportedContact>());
        for (var i = 0; i < CasesPerCity; i++)
        {
            var caseId = OracleCity.Id(city.Tag, $"case{i}");
            var personId = candidates.First(p => !reached.Contains(p) && !casePersons.Contains(p));
            caseIds.Add(caseId);
            casePersons.Add(personId);
            await OracleTracing.PostCaseAsync(client, caseId, personId, now.AddHours(-1), onsetAt: null, reportedAt: null, ct);
            await OracleTracing.WaitForTracesAsync(client, [caseId], ct);

            // Interviews name a few people, some of whom scans and households would never have found.
            var interview = i switch
            {
                0 => new[] { (now.AddHours(-20), (DateTimeOffset?)now.AddHours(-19.5)), (now.AddHours(-30), null) },
                1 => [(now.AddHours(-6), now.AddHours(-5))],
                _ => [],
            };
            foreach (var (at, until) in interview)
            {
                var others = everyone.Where(p => !casePersons.Contains(p) && !reached.Contains(p)).ToList();
                var contact = new OracleReportedContact(caseId, others[random.Next(others.Count)], at, until);
                reported.Add(contact);
                await OracleTracing.PostReportedAsync(client, contact, ct);
                await OracleTracing.WaitForTracesAsync(client, [caseId], ct);
            }

            reached.UnionWith((await GrainContactsAsync(host.ConnectionString, caseId, ct)).Keys);
            reached.UnionWith((await OracleAsync(host.ConnectionString, caseId, policy, reported, ct)).Keys);
        }

        return (caseIds, casePersons, reported);
    }

    private static async Task<Scan> CaseVisitInsideWindowAsync(string connectionString, string caseId, string personId, OracleCity city, CancellationToken ct)
    {
        var (from, to) = await WindowAsync(connectionString, caseId, ct);
        var closeKinds = OraclePolicy.NationalV9.CloseClassKinds;
        var visit = city.Scans.FirstOrDefault(s =>
            s.PersonId == personId && closeKinds.Contains(city.KindOf(s.VenueId)) && s.ScannedAt > from.AddMinutes(5) && s.ScannedAt.AddHours(2) < to);
        Assert.True(visit is not null, $"Case {caseId} ({personId}) has no close-class visit inside its window.");
        return visit;
    }

    private static async Task<(DateTimeOffset Start, DateTimeOffset End)> WindowAsync(string connectionString, string caseId, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT window_start, window_end FROM cases WHERE case_id = @case_id", connection);
        command.Parameters.AddWithValue("case_id", caseId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        Assert.True(await reader.ReadAsync(ct), $"No cases row for {caseId}.");
        return (reader.GetFieldValue<DateTimeOffset>(0), reader.GetFieldValue<DateTimeOffset>(1));
    }

    private static async Task<Dictionary<string, OracleContact>> OracleAsync(
        string connectionString, string caseId, OraclePolicy policy, IReadOnlyList<OracleReportedContact> reported, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        return (await TraceOracle.ComputeAsync(connection, caseId, policy, reported, ct)).ToDictionary(c => c.PersonId, StringComparer.Ordinal);
    }

    private static async Task<Dictionary<string, (int Tier, string Category)>> GrainContactsAsync(string connectionString, string caseId, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        return await OracleComparison.GrainContactsAsync(connection, caseId, ct);
    }

    private static DateTimeOffset WholeSeconds(DateTimeOffset t) => new(t.Ticks - (t.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    private static DateTimeOffset WholeMinutes(DateTimeOffset t) => new(t.Ticks - (t.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
}
