using System.Globalization;

namespace ContactTrace.Host.FunctionalTests;

/// <summary>
/// Exposure paths, transmission clusters and the contacts export through HTTP on the real host and PostgreSQL, on
/// graphs small enough to work out by hand. Every test builds its own graph (ids carry a per-test suffix) with scans
/// a day and a half ago; the host runs on the real clock.
/// </summary>
public sealed class ChainApiTests(PostgresHostFixture fixture) : IClassFixture<PostgresHostFixture>
{
    /// <summary>A whole minute a day and a half ago: inside retention, the venue index horizon and every window below.</summary>
    private static readonly DateTimeOffset Base = TruncateToMinute(DateTimeOffset.UtcNow.AddHours(-36));

    private static readonly DateTimeOffset Onset = Base.AddHours(20);

    private static readonly DateTimeOffset Sampled = Base.AddHours(24);

    /// <summary>When the first cases are reported, which ends their window (they were never isolated).</summary>
    private static readonly DateTimeOffset Reported = Base.AddHours(30);

    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Admin => fixture.Host.CreateClient(ContactTraceHost.AdminKey);

    private HttpClient Tracer => fixture.Host.CreateClient(ContactTraceHost.TracerKey);

    private sealed record class ExposureItem(string Kind, string? VenueId, DateTimeOffset From, DateTimeOffset Until, string? ViaPersonId, string? Setting);

    private sealed record class PersonExposureItem(string CaseId, int Tier, string Category, List<string> Path, List<ExposureItem> Exposures);

    private sealed record class AssignmentItem(string AssignmentId, string Kind, string? HotelId, DateTimeOffset Start, DateTimeOffset End, string Status);

    private sealed record class ContactItem(string PersonId, int Tier, string Category, AssignmentItem? Assignment, DateTimeOffset LastExposure);

    private sealed record class Page<T>(List<T> Items, string? Next);

    private sealed record class ChainNode(
        string Id, string Kind, string PersonId, string? Classification, string? District, DateTimeOffset? ReportedAt, int? Tier, string? Category);

    private sealed record class ChainEdge(string From, string To, string Kind, DateTimeOffset? At, string? VenueId);

    private sealed record class Chain(string ClusterId, int CaseCount, int ContactCount, List<ChainNode> Nodes, List<ChainEdge> Edges, string? Next);

    private sealed record class LinkedEdge(string From, string To, string Kind, DateTimeOffset? At, string? VenueId, string? ViaPersonId, List<ExposureItem> Evidence);

    private sealed record class LinkedChain(List<LinkedEdge> Edges);

    private sealed record class MarkedContact(string PersonId, int Tier, string Category, string? BecameCaseId, List<ExposureItem> Exposures);

    private static DateTimeOffset TruncateToMinute(DateTimeOffset time) =>
        new(time.UtcTicks - time.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);

    private static string Iso(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    // A CSV row with its time columns (first and last exposure, start and end) read as instants, whatever their offset.
    private static object[] CsvRow(string line) => [.. line.Split(',').Select((field, i) =>
        i is 3 or 4 or 9 or 10 && field.Length > 0 ? (object)DateTimeOffset.Parse(field, CultureInfo.InvariantCulture) : field)];

    private string Id(string name) => $"{name}-{_run}";

    private async Task PersonAsync(string name, string? household = null)
    {
        var put = await Admin.PutAsJsonAsync($"/api/persons/{Id(name)}", new { district = "nangang", householdId = household is null ? null : Id(household) }, Ct);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
    }

    private async Task VenueAsync(string name, string kind)
    {
        var put = await Admin.PutAsJsonAsync($"/api/venues/{Id(name)}", new { name = "场所", district = "nangang", kind }, Ct);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
    }

    private async Task ScansAsync(params (string Person, string Venue, DateTimeOffset From, DateTimeOffset Until)[] scans)
    {
        var records = scans.Select(s => new { scanId = $"s-{Guid.NewGuid():N}", personId = Id(s.Person), venueId = Id(s.Venue), scannedAt = Iso(s.From), leftAt = Iso(s.Until) });
        var response = await fixture.Host.CreateClient(ContactTraceHost.ScannerKey).PostAsJsonAsync("/api/scans", records, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(scans.Length, (await Json.ReadAsync(response)).GetProperty("accepted").GetInt32());
    }

    private Task<JsonElement> CompletedCaseAsync(string caseId) => CaseTraces.CompletedAsync(Tracer, caseId, Ct);

    private async Task<JsonElement> ReportAsync(string caseName, string personName, DateTimeOffset sampledAt, DateTimeOffset reportedAt, DateTimeOffset? onsetAt = null)
    {
        var body = new
        {
            caseId = Id(caseName),
            personId = Id(personName),
            classification = "confirmed",
            sampledAt = Iso(sampledAt),
            onsetAt = onsetAt is { } onset ? Iso(onset) : null,
            reportedAt = Iso(reportedAt),
        };
        var post = await Tracer.PostAsJsonAsync("/api/cases", body, Ct);
        Assert.Equal(HttpStatusCode.Accepted, post.StatusCode);
        return await CompletedCaseAsync(Id(caseName));
    }

    private async Task<T> GetAsync<T>(string url)
    {
        var response = await Tracer.GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<T>(Ct))!;
    }

    private Task<Page<PersonExposureItem>> ExposuresOfAsync(string personName) => GetAsync<Page<PersonExposureItem>>($"/api/persons/{Id(personName)}/exposures");

    private Task<Chain> ChainOfAsync(string caseName, string query = "") => GetAsync<Chain>($"/api/cases/{Id(caseName)}/chain{query}");

    /// <summary>
    /// Hops: A's person pa rides a bus with pb (a close contact, overlap +10..+30 min); pb shares a household with pc
    /// (tier 2 through pb's household) and later a restaurant with pd (tier 2 through a venue, overlap +2h30..+3h).
    /// Case a is reported and traced.
    /// </summary>
    private async Task BuildHopsAsync()
    {
        await PersonAsync("pa");
        await PersonAsync("pb", "hb");
        await PersonAsync("pc", "hb");
        await PersonAsync("pd");
        await VenueAsync("bus", "bus");
        await VenueAsync("restaurant", "restaurant");
        await ScansAsync(
            ("pa", "bus", Base, Base.AddMinutes(30)),
            ("pb", "bus", Base.AddMinutes(10), Base.AddMinutes(40)),
            ("pb", "restaurant", Base.AddHours(2), Base.AddHours(3)),
            ("pd", "restaurant", Base.AddMinutes(150), Base.AddMinutes(210)));
        var traced = await ReportAsync("a", "pa", Sampled, Reported, Onset);
        Assert.Equal(
            (1, 2, 0),
            (traced.GetProperty("trace").GetProperty("closeContacts").GetInt32(), traced.GetProperty("trace").GetProperty("secondaryContacts").GetInt32(),
                traced.GetProperty("trace").GetProperty("venueExposed").GetInt32()));
    }

    /// <summary>
    /// Two clusters: case x (person px, household with px1) rides a bus with pz (overlap +10..+30 min) and, just
    /// before, with pw (overlap +0..+5 min, gone before pz boards); case y (person py, household with py1) reports pz
    /// (a meal, +2h..+3h) and pw (work, +4h..+5h) after interview. Both are traced; pz and pw are close contacts of
    /// both, not yet cases.
    /// </summary>
    private async Task BuildTwoClustersAsync()
    {
        await PersonAsync("px", "hx");
        await PersonAsync("px1", "hx");
        await PersonAsync("py", "hy");
        await PersonAsync("py1", "hy");
        await PersonAsync("pz");
        await PersonAsync("pw");
        await VenueAsync("bus", "bus");
        await ScansAsync(
            ("pw", "bus", Base.AddMinutes(-20), Base.AddMinutes(5)),
            ("px", "bus", Base, Base.AddMinutes(30)),
            ("pz", "bus", Base.AddMinutes(10), Base.AddMinutes(40)));
        await ReportAsync("x", "px", Sampled, Reported, Onset);
        await ReportAsync("y", "py", Sampled, Reported, Onset);
        foreach (var (person, from, setting) in new[] { ("pz", Base.AddHours(2), "meal"), ("pw", Base.AddHours(4), "work") })
        {
            var contact = await Tracer.PostAsJsonAsync(
                $"/api/cases/{Id("y")}/contacts", new { personId = Id(person), at = Iso(from), until = Iso(from.AddHours(1)), setting }, Ct);
            Assert.Equal(HttpStatusCode.Accepted, contact.StatusCode);
        }

        await CompletedCaseAsync(Id("y"));
    }

    /// <summary>
    /// pz, close contact of both x and y, becomes case z: the link that merges the two clusters. x and y trace again
    /// (a case is never a contact); this waits for them too.
    /// </summary>
    private async Task<JsonElement> ReportTheLinkingCaseAsync()
    {
        var z = await ReportAsync("z", "pz", Base.AddHours(32), Base.AddHours(33));
        await CompletedCaseAsync(Id("x"));
        await CompletedCaseAsync(Id("y"));
        return z;
    }

    [Fact]
    public async Task ExposuresShowTheWholePathFromTheCasesPersonWithTheEvidenceOfTheLastHop()
    {
        await BuildHopsAsync();

        // Act
        var closeContact = await ExposuresOfAsync("pb");
        var household = await ExposuresOfAsync("pc");
        var venue = await ExposuresOfAsync("pd");

        // Assert
        Assert.Null(closeContact.Next);
        var b = Assert.Single(closeContact.Items);
        Assert.Equal((Id("a"), 1, "close-contact"), (b.CaseId, b.Tier, b.Category));
        Assert.Equal([Id("pa"), Id("pb")], b.Path);
        Assert.Equal([new ExposureItem("venue", Id("bus"), Base.AddMinutes(10), Base.AddMinutes(30), null, null)], b.Exposures);

        Assert.Null(household.Next);
        var c = Assert.Single(household.Items);
        Assert.Equal((Id("a"), 2, "secondary-contact"), (c.CaseId, c.Tier, c.Category));
        Assert.Equal([Id("pa"), Id("pb"), Id("pc")], c.Path);
        // pb, not isolated yet, still lives with pc: the household exposure runs on (until the trace's moment).
        var shared = Assert.Single(c.Exposures);
        Assert.Equal(new ExposureItem("household", null, Base.AddMinutes(10), shared.Until, Id("pb"), null), shared);
        Assert.True(shared.Until >= Reported, $"the exposure ends when pb is isolated, not at {shared.Until:O}");

        var d = Assert.Single(venue.Items);
        Assert.Equal((Id("a"), 2, "secondary-contact"), (d.CaseId, d.Tier, d.Category));
        Assert.Equal([Id("pa"), Id("pb"), Id("pd")], d.Path);
        Assert.Equal([new ExposureItem("venue", Id("restaurant"), Base.AddMinutes(150), Base.AddHours(3), Id("pb"), null)], d.Exposures);
    }

    [Fact]
    public async Task APersonNobodyReachedHasNoExposures()
    {
        await PersonAsync("lonely");

        // Act
        var exposures = await ExposuresOfAsync("lonely");

        // Assert
        Assert.Empty(exposures.Items);
        Assert.Null(exposures.Next);
    }

    [Fact]
    public async Task APersonReachedByTwoCasesShowsEachCaseWithItsOwnPathAndEvidence()
    {
        await BuildTwoClustersAsync();

        // Act
        var exposures = await ExposuresOfAsync("pz");

        // Assert
        Assert.Equal(2, exposures.Items.Count);
        var (x, y) = (exposures.Items[0], exposures.Items[1]);
        Assert.Equal((Id("x"), 1, "close-contact"), (x.CaseId, x.Tier, x.Category));
        Assert.Equal([Id("px"), Id("pz")], x.Path);
        Assert.Equal([new ExposureItem("venue", Id("bus"), Base.AddMinutes(10), Base.AddMinutes(30), null, null)], x.Exposures);
        Assert.Equal((Id("y"), 1, "close-contact"), (y.CaseId, y.Tier, y.Category));
        Assert.Equal([Id("py"), Id("pz")], y.Path);
        Assert.Equal([new ExposureItem("reported", null, Base.AddHours(2), Base.AddHours(3), null, "meal")], y.Exposures);
    }

    [Fact]
    public async Task BeforeTheyAreLinkedTwoCasesHeadClustersOfTheirOwn()
    {
        await BuildTwoClustersAsync();

        // Act
        var x = await ChainOfAsync("x");
        var y = await ChainOfAsync("y");

        // Assert
        Assert.Equal((Id("x"), 1, 3), (x.ClusterId, x.CaseCount, x.ContactCount));
        Assert.Equal([Id("x")], x.Nodes.Select(n => n.Id));
        Assert.Empty(x.Edges);
        Assert.Equal((Id("y"), 1, 3), (y.ClusterId, y.CaseCount, y.ContactCount));
        Assert.Equal([Id("y")], y.Nodes.Select(n => n.Id));
        Assert.Empty(y.Edges);
    }

    [Fact]
    public async Task ANewCaseLinkingTwoClustersHasBothSourcesAndMergesThemIntoOne()
    {
        await BuildTwoClustersAsync();

        // Act
        var z = await ReportTheLinkingCaseAsync();

        // Assert
        Assert.Equal([Id("x"), Id("y")], z.GetProperty("sources").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(Id("x"), z.GetProperty("clusterId").GetString());
        Assert.Equal("contact-screening", z.GetProperty("discoveryChannel").GetString());
        foreach (var name in new[] { "x", "y" })
        {
            var read = await Json.ReadAsync(await Tracer.GetAsync($"/api/cases/{Id(name)}", Ct));
            Assert.Equal(Id("x"), read.GetProperty("clusterId").GetString());
        }

        ChainNode Case(string name, string person) => new(Id(name), "case", Id(person), "confirmed", "nangang", name == "z" ? Base.AddHours(33) : Reported, null, null);
        foreach (var name in new[] { "x", "y", "z" })
        {
            var chain = await ChainOfAsync(name);
            Assert.Equal((Id("x"), 3), (chain.ClusterId, chain.CaseCount));
            Assert.Equal([Case("x", "px"), Case("y", "py"), Case("z", "pz")], chain.Nodes);
            Assert.Equal(
                [
                    new ChainEdge(Id("x"), Id("z"), "venue", Base.AddMinutes(10), Id("bus")),
                    new ChainEdge(Id("y"), Id("z"), "reported", Base.AddHours(2), null),
                ],
                chain.Edges);
            Assert.Null(chain.Next);
        }
    }

    [Fact]
    public async Task AContactWhoBecomesACaseKeepsTheEvidenceLinkingThemEverywhere()
    {
        // pa (case a) eats with pb from 1:30 to 2:00; pb then rides a bus with pc. pb tests positive next: case b.
        foreach (var name in new[] { "pa", "pb", "pc" })
        {
            await PersonAsync(name);
        }

        await VenueAsync("restaurant", "restaurant");
        await VenueAsync("bus", "bus");
        await ScansAsync(
            ("pa", "restaurant", Base.AddHours(1), Base.AddHours(2)),
            ("pb", "restaurant", Base.AddHours(1.5), Base.AddHours(2.5)),
            ("pb", "bus", Base.AddHours(5), Base.AddHours(5.5)),
            ("pc", "bus", Base.AddHours(5.25), Base.AddHours(6)));
        var a = await ReportAsync("a", "pa", Sampled, Reported, Onset);

        // Act
        await ReportAsync("b", "pb", Sampled.AddHours(6), Reported.AddHours(2));
        var aAfter = await Json.ReadAsync(await Tracer.GetAsync($"/api/cases/{Id("a")}", Ct));
        var chain = await GetAsync<LinkedChain>($"/api/cases/{Id("b")}/chain");
        var contacts = await GetAsync<Page<MarkedContact>>($"/api/cases/{Id("a")}/contacts");
        var history = await ExposuresOfAsync("pb");

        // Assert: the edge a → b says where, when and that it was direct.
        var edge = Assert.Single(chain.Edges, e => e.From == Id("a") && e.To == Id("b"));
        var overlap = new ExposureItem("venue", Id("restaurant"), Base.AddHours(1.5), Base.AddHours(2), null, null);
        Assert.Equal(("venue", Base.AddHours(1.5), Id("restaurant"), (string?)null), (edge.Kind, edge.At, edge.VenueId, edge.ViaPersonId));
        Assert.Equal([overlap], edge.Evidence);

        // a still lists pb, marked as having become b, and pc reached through them; its counts and completion stand.
        Assert.Equal(
            [(Id("pb"), 1, "close-contact", Id("b")), (Id("pc"), 2, "secondary-contact", null)],
            contacts.Items.Select(c => (c.PersonId, c.Tier, c.Category, c.BecameCaseId)));
        Assert.Equal([overlap], contacts.Items[0].Exposures);
        var (before, after) = (a.GetProperty("trace"), aAfter.GetProperty("trace"));
        Assert.Equal((1, 1, before.GetProperty("completedAt").GetDateTimeOffset()),
            (after.GetProperty("closeContacts").GetInt32(), after.GetProperty("secondaryContacts").GetInt32(), after.GetProperty("completedAt").GetDateTimeOffset()));
        Assert.Equal((0, 1), (before.GetProperty("becameCases").GetInt32(), after.GetProperty("becameCases").GetInt32()));

        // pb's own history still shows how a reached them.
        var reached = Assert.Single(history.Items);
        Assert.Equal((Id("a"), 1, "close-contact"), (reached.CaseId, reached.Tier, reached.Category));
        Assert.Equal([overlap], reached.Exposures);
    }

    [Fact]
    public async Task TheLinkingCaseDoesNotExpandTheCasesItMetAsItsCloseContacts()
    {
        await BuildTwoClustersAsync();

        // Act: z met px (already case x) on the bus; px's household member px1 is x's close contact, not z's tier 2.
        var z = await ReportTheLinkingCaseAsync();
        var contacts = await GetAsync<Page<ContactItem>>($"/api/cases/{Id("z")}/contacts");

        // Assert
        Assert.Equal([], contacts.Items.Select(c => $"{c.PersonId} {c.Tier} {c.Category}"));
        var trace = z.GetProperty("trace");
        Assert.Equal(
            (0, 0, 0),
            (trace.GetProperty("closeContacts").GetInt32(), trace.GetProperty("secondaryContacts").GetInt32(), trace.GetProperty("venueExposed").GetInt32()));
    }

    [Fact]
    public async Task TheChainWithContactsAddsEachContactAsANodeLinkedFromItsCase()
    {
        await BuildHopsAsync();

        // Act
        var without = await ChainOfAsync("a");
        var with = await ChainOfAsync("a", "?contacts=true");

        // Assert
        Assert.Equal((Id("a"), 1, 3), (without.ClusterId, without.CaseCount, without.ContactCount));
        Assert.Equal([new ChainNode(Id("a"), "case", Id("pa"), "confirmed", "nangang", Reported, null, null)], without.Nodes);
        Assert.Empty(without.Edges);

        Assert.Equal((Id("a"), 1, 3), (with.ClusterId, with.CaseCount, with.ContactCount));
        Assert.Equal(
            [
                new ChainNode(Id("a"), "case", Id("pa"), "confirmed", "nangang", Reported, null, null),
                new ChainNode(Id("pb"), "contact", Id("pb"), null, null, null, 1, "close-contact"),
                new ChainNode(Id("pc"), "contact", Id("pc"), null, null, null, 2, "secondary-contact"),
                new ChainNode(Id("pd"), "contact", Id("pd"), null, null, null, 2, "secondary-contact"),
            ],
            with.Nodes);
        Assert.Equal(
            [
                new ChainEdge(Id("a"), Id("pb"), "close-contact", null, null),
                new ChainEdge(Id("a"), Id("pc"), "secondary-contact", null, null),
                new ChainEdge(Id("a"), Id("pd"), "secondary-contact", null, null),
            ],
            with.Edges);
        Assert.Null(with.Next);
    }

    [Fact]
    public async Task AContactOfTwoCasesOfTheClusterIsOneNodeWithAnEdgeFromEachCase()
    {
        await BuildTwoClustersAsync();
        await ReportTheLinkingCaseAsync();

        // Act
        var chain = await ChainOfAsync("z", "?contacts=true");

        // Assert: pw is a contact of x and of y; pz, a contact of both who became case z, is z's node, linked by the case edges.
        Assert.Equal((3, 3), (chain.CaseCount, chain.ContactCount));
        Assert.Equal([Id("x"), Id("y"), Id("z")], chain.Nodes.Where(n => n.Kind == "case").Select(n => n.Id));
        var contacts = chain.Nodes.Where(n => n.Kind == "contact").Select(n => n.Id).ToList();
        Assert.True(contacts.Count == contacts.Distinct().Count(), $"every node appears once, got contact nodes {string.Join(", ", contacts)}");
        Assert.Equal([Id("pw"), Id("px1"), Id("py1")], contacts.Order(StringComparer.Ordinal));
        Assert.Equal(
            [
                (Id("x"), Id("pw")),
                (Id("x"), Id("px1")),
                (Id("x"), Id("z")),
                (Id("y"), Id("pw")),
                (Id("y"), Id("py1")),
                (Id("y"), Id("z")),
            ],
            chain.Edges.Select(e => (e.From, e.To)).Order());
    }

    [Fact]
    public async Task TheChainAsDotIsAGraphvizDigraphWithTheCasesAndTheirLinks()
    {
        await BuildTwoClustersAsync();
        await ReportTheLinkingCaseAsync();

        // Act
        var response = await Tracer.GetAsync($"/api/cases/{Id("y")}/chain?format=dot", Ct);
        var withContacts = await Tracer.GetStringAsync($"/api/cases/{Id("y")}/chain?format=dot&contacts=true", Ct);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/vnd.graphviz", response.Content.Headers.ContentType?.MediaType);
        var dot = await response.Content.ReadAsStringAsync(Ct);
        Assert.Equal(
            $$"""
            digraph "{{Id("x")}}" {
              "{{Id("x")}}" [shape=box, label="{{Id("x")}}\nconfirmed nangang"];
              "{{Id("y")}}" [shape=box, label="{{Id("y")}}\nconfirmed nangang"];
              "{{Id("z")}}" [shape=box, label="{{Id("z")}}\nconfirmed nangang"];
              "{{Id("x")}}" -> "{{Id("z")}}" [label="venue {{Id("bus")}}"];
              "{{Id("y")}}" -> "{{Id("z")}}" [label="reported"];
            }

            """,
            dot);
        Assert.Contains($"\"{Id("px1")}\" [shape=ellipse, label=\"{Id("px1")}\\nclose-contact\"];\n", withContacts, StringComparison.Ordinal);
        Assert.Contains($"\"{Id("x")}\" -> \"{Id("px1")}\" [label=\"close-contact\"];\n", withContacts, StringComparison.Ordinal);
        Assert.Contains($"\"{Id("y")}\" -> \"{Id("py1")}\" [label=\"close-contact\"];\n", withContacts, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheChainIsPagedByCaseWithACursorToTheNextCase()
    {
        await BuildTwoClustersAsync();
        await ReportTheLinkingCaseAsync();

        // Act
        var first = await ChainOfAsync("z", "?limit=1");
        var second = await ChainOfAsync("z", $"?limit=1&after={first.Next}");
        var third = await ChainOfAsync("z", $"?limit=1&after={second.Next}");
        var rest = await ChainOfAsync("z", $"?limit=2&after={second.Next}");

        // Assert
        Assert.Equal((Id("x"), 3), (first.ClusterId, first.CaseCount));
        Assert.Equal([Id("x")], first.Nodes.Select(n => n.Id));
        Assert.Empty(first.Edges);
        Assert.Equal(Id("x"), first.Next);

        Assert.Equal((Id("x"), 3), (second.ClusterId, second.CaseCount));
        Assert.Equal([Id("y")], second.Nodes.Select(n => n.Id));
        Assert.Empty(second.Edges);
        Assert.Equal(Id("y"), second.Next);

        Assert.Equal([Id("z")], third.Nodes.Select(n => n.Id));
        Assert.Equal([(Id("x"), Id("z")), (Id("y"), Id("z"))], third.Edges.Select(e => (e.From, e.To)));

        Assert.Equal([Id("z")], rest.Nodes.Select(n => n.Id));
        Assert.Null(rest.Next);
    }

    [Theory]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=5001", "limit")]
    [InlineData("?format=svg", "format")]
    [InlineData("?after=bad%20cursor", "after")]
    public async Task ABadChainQueryGets400NamingTheParameter(string query, string field)
    {
        await PersonAsync("p0");
        await ReportAsync("c0", "p0", Sampled, Reported, Onset);

        // Act
        var response = await Tracer.GetAsync($"/api/cases/{Id("c0")}/chain{query}", Ct);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await Json.ReadAsync(response)).GetProperty("errors").TryGetProperty(field, out _), $"the problem names {field}");
    }

    [Fact]
    public async Task TheChainOfAnUnknownCaseGets404()
    {
        var response = await Tracer.GetAsync($"/api/cases/{Id("nobody")}/chain", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task TheContactsOfACaseExportAsCsvWithAHeaderAndOneLinePerContact()
    {
        await BuildHopsAsync();
        var page = await GetAsync<Page<ContactItem>>($"/api/cases/{Id("a")}/contacts");
        var assignments = page.Items.ToDictionary(i => i.PersonId, i => i.Assignment!);
        var stillExposed = page.Items.Single(i => i.PersonId == Id("pc")).LastExposure; // pb is not isolated: pc lives with them still

        // Act
        var response = await Tracer.GetAsync($"/api/cases/{Id("a")}/contacts?format=csv", Ct);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        object[] Line(string person, int tier, string category, DateTimeOffset first, DateTimeOffset last)
        {
            var a = assignments[Id(person)];
            return [Id(person), tier.ToString(CultureInfo.InvariantCulture), category, first, last, a.AssignmentId, a.Kind, a.Status, a.HotelId ?? "", a.Start, a.End];
        }

        var csv = (await response.Content.ReadAsStringAsync(Ct)).Split('\n');
        Assert.Equal("personId,tier,category,firstExposure,lastExposure,assignmentId,assignmentKind,assignmentStatus,hotelId,start,end", csv[0]);
        Assert.Equal("", csv[^1]);
        Assert.Equal(
            [
                Line("pb", 1, "close-contact", Base.AddMinutes(10), Base.AddMinutes(30)),
                Line("pc", 2, "secondary-contact", Base.AddMinutes(10), stillExposed),
                Line("pd", 2, "secondary-contact", Base.AddMinutes(150), Base.AddHours(3)),
            ],
            csv[1..^1].Select(CsvRow));
        Assert.Equal(
            [("centralized-isolation", "awaiting-capacity"), ("home-isolation", "assigned"), ("home-isolation", "assigned")],
            page.Items.Select(i => (i.Assignment!.Kind, i.Assignment.Status)));
        Assert.True(stillExposed >= Reported, $"pc's household exposure runs until pb is isolated, not {stillExposed:O}");
    }

    [Fact]
    public async Task TheCsvOfACaseWithoutContactsIsItsHeaderAlone()
    {
        await PersonAsync("p0");
        await ReportAsync("c0", "p0", Sampled, Reported, Onset);

        // Act
        var csv = await Tracer.GetStringAsync($"/api/cases/{Id("c0")}/contacts?format=csv", Ct);

        // Assert
        Assert.Equal("personId,tier,category,firstExposure,lastExposure,assignmentId,assignmentKind,assignmentStatus,hotelId,start,end\n", csv);
    }

    /// <summary>
    /// Lives here rather than in <see cref="ReportsApiTests"/>, whose database must stay free of contacts for its
    /// exact figures: the bulletin of a day long before these traces must count none of their contacts or isolations.
    /// </summary>
    [Fact]
    public async Task ABulletinOfADayBeforeAnyTraceCountsNobodyUnderManagementOrInIsolation()
    {
        await BuildHopsAsync();
        var shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var date = TimeZoneInfo.ConvertTime(Base, shanghai).AddDays(-20).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        // Act
        var report = await Json.ReadAsync(await Tracer.GetAsync($"/api/reports/daily?date={date}", Ct));

        // Assert
        var contacts = report.GetProperty("contacts");
        var isolation = report.GetProperty("isolation");
        Assert.Equal(
            "closeIdentified 0, secondaryIdentified 0, closeUnderManagement 0, secondaryUnderManagement 0, cumulativeCloseIdentified 0, cumulativeSecondaryIdentified 0, "
            + "centralized 0, home 0, awaitingCapacity 0",
            string.Join(", ", contacts.EnumerateObject().Concat(isolation.EnumerateObject()).Select(p => $"{p.Name} {p.Value.GetInt32()}")));
    }

    /// <summary>
    /// The exposure lies in a day that ended before the case was reported: as that day's bulletin stood, and as it
    /// must read later, nobody was under management yet — even though the quarantine now recorded runs from then.
    /// Today's bulletin, asked after the trace, counts the close contact under management.
    /// </summary>
    [Fact]
    public async Task ABulletinOfTheDayOfTheExposureCountsOnlyWhatWasRecordedByItsEnd()
    {
        await BuildHopsAsync();
        var shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var exposureDay = TimeZoneInfo.ConvertTime(Base.AddHours(1), shanghai).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var pb = Assert.Single((await GetAsync<Page<ContactItem>>($"/api/cases/{Id("a")}/contacts")).Items, c => c.PersonId == Id("pb"));
        Assert.NotNull(pb.Assignment);
        var management = await Json.ReadAsync(await Tracer.GetAsync($"/api/persons/{Id("pb")}", Ct));

        // Act
        var then = await Json.ReadAsync(await Tracer.GetAsync($"/api/reports/daily?date={exposureDay}", Ct));
        var todayDate = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, shanghai).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var today = await Json.ReadAsync(await Tracer.GetAsync($"/api/reports/daily?date={todayDate}", Ct));

        // Assert: the quarantine recorded today runs from inside that day, but was not known by its end.
        var since = management.GetProperty("management").GetProperty("since").GetDateTimeOffset();
        Assert.True(since <= then.GetProperty("periodEnd").GetDateTimeOffset(), $"the quarantine should run from the exposure's day, since {since}");
        var contactsThen = then.GetProperty("contacts");
        Assert.Equal((0, 0, 0, 0),
            (contactsThen.GetProperty("closeIdentified").GetInt32(), contactsThen.GetProperty("secondaryIdentified").GetInt32(),
                contactsThen.GetProperty("closeUnderManagement").GetInt32(), contactsThen.GetProperty("secondaryUnderManagement").GetInt32()));
        Assert.True(today.GetProperty("contacts").GetProperty("closeUnderManagement").GetInt32() >= 1, today.ToString());
    }

    [Theory]
    [InlineData(ContactTraceHost.ScannerKey)]
    [InlineData(ContactTraceHost.HotelKey)]
    public async Task OnlyTracersAndAdminsReadChainsExposuresAndExports(string key)
    {
        await PersonAsync("p0");
        await ReportAsync("c0", "p0", Sampled, Reported, Onset);
        var client = fixture.Host.CreateClient(key);

        // Act
        var chain = await client.GetAsync($"/api/cases/{Id("c0")}/chain", Ct);
        var csv = await client.GetAsync($"/api/cases/{Id("c0")}/contacts?format=csv", Ct);
        var exposures = await client.GetAsync($"/api/persons/{Id("p0")}/exposures", Ct);

        // Assert
        Assert.Equal(
            (HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden),
            (chain.StatusCode, csv.StatusCode, exposures.StatusCode));
    }
}
