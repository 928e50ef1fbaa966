using System.Diagnostics;
using ContactTrace.Cases;
using ContactTrace.Policy;
using ContactTrace.Scans;
using ContactTrace.Tracing;
using Orleans;

namespace ContactTrace.Grains.Tests;

/// <summary>
/// A case's trace on the in-process cluster with in-memory stores and a fake clock. Every test builds its own
/// small city (ids carry a per-test suffix), with scans on the day before "now".
/// </summary>
[Collection(TracingClusterCollection.Name)]
public sealed class CaseGrainTests(TracingClusterFixture fixture)
{
    private static readonly DateTimeOffset ReportedAt = new(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);

    private static readonly DateTimeOffset Onset = new(2026, 11, 19, 8, 0, 0, TimeSpan.Zero);

    /// <summary>The case's window under a lookback of 2 days: two days before onset until the report.</summary>
    private static readonly DateTimeOffset WindowStart = Onset.AddDays(-2);

    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateTimeOffset Yesterday(int hour, int minute = 0) => new(2026, 11, 19, hour, minute, 0, TimeSpan.Zero);

    private string Id(string name) => $"{name}-{_run}";

    private CaseReport Report(string caseName, string personName, string classification = Classifications.Confirmed, DateTimeOffset? reportedAt = null) =>
        new(Id(caseName), Id(personName), classification, Yesterday(12), Onset, reportedAt ?? ReportedAt, null, null, null);

    private static Task PersonAsync(IGrainFactory grains, string personId, string? householdId = null) =>
        grains.GetGrain<IPersonGrain>(personId).SetProfileAsync(new PersonProfile("daoli", householdId, null, null));

    private static Task VenueAsync(IGrainFactory grains, string venueId, string kind) =>
        grains.GetGrain<IVenueGrain>(venueId).SetProfileAsync(new VenueProfile(venueId, "daoli", kind));

    /// <summary>As the ingestor does it: durable in the scan store first, then appended to the venue's index.</summary>
    private static async Task ScanAsync(TracingClusterFixture cluster, string personId, string venueId, DateTimeOffset scannedAt)
    {
        await cluster.Scans.InsertAsync([new Scan($"s-{Guid.NewGuid():N}", personId, venueId, scannedAt, null)], Ct);
        await cluster.Grains.GetGrain<IVenueGrain>(venueId).AppendVisitsAsync([new Visit(personId, scannedAt, null)]);
    }

    private static async Task<CaseRecord> CompletedAsync(ICaseGrain grain) =>
        (await Poll.UntilAsync(grain.GetAsync, record => record?.Trace.Status == TraceStatus.Completed, TimeSpan.FromSeconds(30), "the trace", Ct,
            TimeSpan.FromMilliseconds(20)))!;

    private static async Task<List<ContactItem>> ContactsAsync(TracingClusterFixture cluster, string caseId) =>
        [.. await cluster.Queries.GetContactsAsync(caseId, null, null, null, 1000, Ct)];

    private static (string PersonId, int Tier, string Category, DateTimeOffset First, DateTimeOffset Last, Exposure[] Exposures) Row(ContactFinding f) =>
        (f.PersonId, f.Tier, f.Category, f.FirstExposure, f.LastExposure, [.. f.Exposures]);

    private static void AssertFindings(
        IEnumerable<(string PersonId, int Tier, string Category, DateTimeOffset First, DateTimeOffset Last, Exposure[] Exposures)> expected,
        IEnumerable<ContactItem> actual)
    {
        var rows = actual.Select(i => Row(i.Finding)).ToList();
        var wanted = expected.ToList();
        Assert.Equal(wanted.Select(w => w.PersonId), rows.Select(r => r.PersonId));
        foreach (var (w, r) in wanted.Zip(rows))
        {
            Assert.Equal((w.PersonId, w.Tier, w.Category, w.First, w.Last), (r.PersonId, r.Tier, r.Category, r.First, r.Last));
            Assert.Equal(w.Exposures, r.Exposures);
        }
    }

    /// <summary>
    /// The city of most tests. The case (p0) shares a restaurant with p1 and a supermarket with p2, and a
    /// household with p0h; p3 arrives at the restaurant as p0 leaves (touching, no overlap) but overlaps p1.
    /// p1 then rides a bus with p4 and shares a household with p5; before meeting the case p1 rode the bus with
    /// p7, and after it shopped at a market with p6. p8 ate with the case before the window opened.
    /// </summary>
    private async Task BuildCityAsync(TracingClusterFixture cluster)
    {
        var grains = cluster.Grains;
        await PersonAsync(grains, Id("p0"), Id("h0"));
        await PersonAsync(grains, Id("p0h"), Id("h0"));
        await PersonAsync(grains, Id("p1"), Id("h1"));
        await PersonAsync(grains, Id("p5"), Id("h1"));
        foreach (var name in new[] { "p2", "p3", "p4", "p6", "p7", "p8" })
        {
            await PersonAsync(grains, Id(name));
        }

        await VenueAsync(grains, Id("restaurant"), "restaurant");
        await VenueAsync(grains, Id("supermarket"), "supermarket");
        await VenueAsync(grains, Id("bus"), "bus");
        await VenueAsync(grains, Id("market"), "market");

        await ScanAsync(cluster, Id("p0"), Id("restaurant"), Yesterday(10));
        await ScanAsync(cluster, Id("p1"), Id("restaurant"), Yesterday(10, 30));
        await ScanAsync(cluster, Id("p3"), Id("restaurant"), Yesterday(11));
        await ScanAsync(cluster, Id("p0"), Id("supermarket"), Yesterday(14));
        await ScanAsync(cluster, Id("p2"), Id("supermarket"), Yesterday(14, 10));
        await ScanAsync(cluster, Id("p1"), Id("bus"), Yesterday(8));
        await ScanAsync(cluster, Id("p7"), Id("bus"), Yesterday(8, 10));
        await ScanAsync(cluster, Id("p1"), Id("bus"), Yesterday(18));
        await ScanAsync(cluster, Id("p4"), Id("bus"), Yesterday(18, 20));
        await ScanAsync(cluster, Id("p1"), Id("market"), Yesterday(20));
        await ScanAsync(cluster, Id("p6"), Id("market"), Yesterday(20, 5));
        await ScanAsync(cluster, Id("p0"), Id("restaurant"), WindowStart.AddDays(-1));
        await ScanAsync(cluster, Id("p8"), Id("restaurant"), WindowStart.AddDays(-1).AddMinutes(10));
    }

    [Fact]
    public async Task AReportedCaseIsTracedToItsCloseContactsTheirContactsAndTheVenueExposed()
    {
        await BuildCityAsync(fixture);
        var grain = fixture.Grains.GetGrain<ICaseGrain>(Id("c-a"));

        // Act
        var reported = await grain.ReportAsync(Report("c-a", "p0"));
        var record = await CompletedAsync(grain);

        // Assert
        Assert.Equal(CaseReportOutcome.Created, reported.Outcome);
        Assert.NotEqual(TraceStatus.Completed, reported.Case!.Trace.Status);
        Assert.Equal(new TraceSummary(TraceStatus.Completed, 2, 3, 1, TracingClusterFixture.Start, TierOneCompletedAt: TracingClusterFixture.Start), record.Trace);
        Assert.Equal("daoli", record.District);
        Assert.Equal(DiscoveryChannels.CommunityScreening, record.DiscoveryChannel);
        Assert.Equal((WindowStart, ReportedAt), (record.WindowStart, record.WindowEnd));
        Assert.Empty(record.Sources);
        Assert.Equal(Id("c-a"), record.ClusterId);

        var onRestaurant = Id("restaurant");
        AssertFindings(
            [
                (Id("p0h"), 1, ManagementCategory.CloseContact, WindowStart, ReportedAt,
                    [new Exposure(ExposureKinds.Household, null, WindowStart, ReportedAt, null, null)]),
                (Id("p1"), 1, ManagementCategory.CloseContact, Yesterday(10, 30), Yesterday(11),
                    [new Exposure(ExposureKinds.Venue, onRestaurant, Yesterday(10, 30), Yesterday(11), null, null, 1,
                        new SourcePresence(Id("p0"), onRestaurant, Yesterday(10), Yesterday(11)), Yesterday(10, 30))]),
                (Id("p2"), 1, ManagementCategory.VenueExposed, Yesterday(14, 10), Yesterday(14, 30),
                    [new Exposure(ExposureKinds.Venue, Id("supermarket"), Yesterday(14, 10), Yesterday(14, 30), null, null, 1,
                        new SourcePresence(Id("p0"), Id("supermarket"), Yesterday(14), Yesterday(14, 30)), Yesterday(14, 10))]),
                (Id("p3"), 2, ManagementCategory.SecondaryContact, Yesterday(11), Yesterday(11, 30),
                    [new Exposure(ExposureKinds.Venue, onRestaurant, Yesterday(11), Yesterday(11, 30), Id("p1"), null, 1,
                        new SourcePresence(Id("p1"), onRestaurant, Yesterday(10, 30), Yesterday(11, 30)), Yesterday(11))]),
                (Id("p4"), 2, ManagementCategory.SecondaryContact, Yesterday(18, 20), Yesterday(19),
                    [new Exposure(ExposureKinds.Venue, Id("bus"), Yesterday(18, 20), Yesterday(19), Id("p1"), null, 1,
                        new SourcePresence(Id("p1"), Id("bus"), Yesterday(18), Yesterday(19)), Yesterday(18, 20))]),
                // p1 is not isolated yet (no hotel here): p5 lives with them still, exposed until now.
                (Id("p5"), 2, ManagementCategory.SecondaryContact, Yesterday(10, 30), TracingClusterFixture.Start,
                    [new Exposure(ExposureKinds.Household, null, Yesterday(10, 30), TracingClusterFixture.Start, Id("p1"), null)]),
            ],
            await ContactsAsync(fixture, Id("c-a")));
    }

    [Fact]
    public async Task EachContactIsManagedFromTheirLastExposureAndTheCaseIsACase()
    {
        await BuildCityAsync(fixture);
        var grain = fixture.Grains.GetGrain<ICaseGrain>(Id("c-a"));

        // Act
        await grain.ReportAsync(Report("c-a", "p0"));
        await CompletedAsync(grain);

        // Assert
        var caseId = Id("c-a");
        Assert.Equal(new PersonManagement(Id("p0"), ManagementCategory.Case, ReportedAt, null, caseId), await fixture.Managements.GetManagementAsync(Id("p0"), Ct));
        Assert.Equal(new PersonManagement(Id("p1"), ManagementCategory.CloseContact, Yesterday(11), Yesterday(11).AddDays(10), caseId), await fixture.Managements.GetManagementAsync(Id("p1"), Ct));
        Assert.Equal(new PersonManagement(Id("p4"), ManagementCategory.SecondaryContact, Yesterday(19), Yesterday(19).AddDays(7), caseId), await fixture.Managements.GetManagementAsync(Id("p4"), Ct));
        Assert.Equal(new PersonManagement(Id("p2"), ManagementCategory.VenueExposed, Yesterday(14, 30), Yesterday(14, 30).AddDays(3), caseId), await fixture.Managements.GetManagementAsync(Id("p2"), Ct));
        foreach (var untouched in new[] { "p6", "p7", "p8" })
        {
            Assert.Equal(PersonManagement.None(Id(untouched)), await fixture.Managements.GetManagementAsync(Id(untouched), Ct));
        }

        Assert.Equal(
            [
                (AssignmentKinds.CentralizedIsolation, Yesterday(11), Yesterday(11).AddDays(7), AssignmentStatuses.AwaitingCapacity),
                (AssignmentKinds.HomeMonitoring, Yesterday(11).AddDays(7), Yesterday(11).AddDays(10), AssignmentStatuses.Assigned),
            ],
            (await fixture.Managements.GetAssignmentsAsync(Id("p1"), Ct)).Select(a => (a.Kind, a.Start, a.End, a.Status)));
        Assert.Equal(
            [(AssignmentKinds.HomeIsolation, Yesterday(19), Yesterday(19).AddDays(7), AssignmentStatuses.Assigned)],
            (await fixture.Managements.GetAssignmentsAsync(Id("p4"), Ct)).Select(a => (a.Kind, a.Start, a.End, a.Status)));
        Assert.Equal(
            [(AssignmentKinds.Testing, Yesterday(14, 30), Yesterday(14, 30).AddDays(3), AssignmentStatuses.Assigned)],
            (await fixture.Managements.GetAssignmentsAsync(Id("p2"), Ct)).Select(a => (a.Kind, a.Start, a.End, a.Status)));
        Assert.Empty(await fixture.Managements.GetAssignmentsAsync(Id("p0"), Ct));
    }

    [Fact]
    public async Task TheHouseholdOfASecondaryContactSharesItsHomeIsolation()
    {
        // p4 (on the bus with p1) lives with p4h and with p2, who was venue-exposed at the supermarket.
        await BuildCityAsync(fixture);
        await PersonAsync(fixture.Grains, Id("p4"), Id("h4"));
        await PersonAsync(fixture.Grains, Id("p4h"), Id("h4"));
        await PersonAsync(fixture.Grains, Id("p2"), Id("h4"));
        var grain = fixture.Grains.GetGrain<ICaseGrain>(Id("c-a"));

        // Act
        await grain.ReportAsync(Report("c-a", "p0"));
        var record = await CompletedAsync(grain);

        // Assert: both share p4's isolation, over p4's exposure; p2's sharing outranks being venue-exposed.
        var caseId = Id("c-a");
        Assert.Equal(new TraceSummary(TraceStatus.Completed, 2, 3, 0, TracingClusterFixture.Start, HomeIsolation: 2, TierOneCompletedAt: TracingClusterFixture.Start), record.Trace);
        var shared = new Exposure(ExposureKinds.Household, null, Yesterday(18, 20), Yesterday(19), Id("p4"), null);
        AssertFindings(
            [
                (Id("p2"), 2, ManagementCategory.HomeIsolation, Yesterday(18, 20), Yesterday(19), [shared]),
                (Id("p4h"), 2, ManagementCategory.HomeIsolation, Yesterday(18, 20), Yesterday(19), [shared]),
            ],
            (await ContactsAsync(fixture, caseId)).Where(c => c.Finding.Category == ManagementCategory.HomeIsolation));
        var isolation = (AssignmentKinds.HomeIsolation, Yesterday(19), Yesterday(19).AddDays(7), AssignmentStatuses.Assigned);
        // p2, venue-exposed in tier 1, is managed only once tier 2 has found them sharing p4's isolation: no testing
        // assignment is given and then superseded.
        foreach (var person in new[] { "p4", "p4h", "p2" })
        {
            Assert.Equal([isolation], (await fixture.Managements.GetAssignmentsAsync(Id(person), Ct)).Select(a => (a.Kind, a.Start, a.End, a.Status)));
        }

        Assert.Equal(new PersonManagement(Id("p4h"), ManagementCategory.HomeIsolation, Yesterday(19), Yesterday(19).AddDays(7), caseId),
            await fixture.Managements.GetManagementAsync(Id("p4h"), Ct));
    }

    [Fact]
    public async Task TheSameReportAgainChangesNothing()
    {
        await BuildCityAsync(fixture);
        var grain = fixture.Grains.GetGrain<ICaseGrain>(Id("c-a"));
        await grain.ReportAsync(Report("c-a", "p0"));
        var traced = await CompletedAsync(grain);
        var assignments = await fixture.Managements.GetAssignmentsAsync(Id("p1"), Ct);

        // Act
        var again = await grain.ReportAsync(Report("c-a", "p0"));

        // Assert
        Assert.Equal(CaseReportOutcome.Unchanged, again.Outcome);
        Assert.Equal(traced, again.Case);
        Assert.Equal(traced, await grain.GetAsync());
        Assert.Equal(assignments, await fixture.Managements.GetAssignmentsAsync(Id("p1"), Ct));
    }

    [Fact]
    public async Task ADifferentReportUnderTheSameCaseIdIsAConflictAndChangesNothing()
    {
        await BuildCityAsync(fixture);
        var grain = fixture.Grains.GetGrain<ICaseGrain>(Id("c-a"));
        await grain.ReportAsync(Report("c-a", "p0"));
        var traced = await CompletedAsync(grain);

        // Act
        var asymptomatic = await grain.ReportAsync(Report("c-a", "p0", Classifications.Asymptomatic));
        var otherPerson = await grain.ReportAsync(Report("c-a", "p2"));

        // Assert
        Assert.Equal(CaseReportOutcome.Conflict, asymptomatic.Outcome);
        Assert.Equal(CaseReportOutcome.Conflict, otherPerson.Outcome);
        Assert.Equal(traced, await grain.GetAsync());
        Assert.Equal(ManagementCategory.VenueExposed, (await fixture.Managements.GetManagementAsync(Id("p2"), Ct)).Category);
    }

    [Fact]
    public async Task AReportedContactIsTracedAsTierOneWithTheirOwnContacts()
    {
        var grains = fixture.Grains;
        await PersonAsync(grains, Id("p0"));
        await PersonAsync(grains, Id("pr"), Id("hr"));
        await PersonAsync(grains, Id("prh"), Id("hr"));
        var grain = grains.GetGrain<ICaseGrain>(Id("c-r"));
        await grain.ReportAsync(Report("c-r", "p0"));
        Assert.Equal(new TraceSummary(TraceStatus.Completed, 0, 0, 0, TracingClusterFixture.Start, TierOneCompletedAt: TracingClusterFixture.Start), (await CompletedAsync(grain)).Trace);
        var contact = new ReportedContact(Id("pr"), Yesterday(19, 30), Yesterday(21), "meal", "dinner at home of pr");

        // Act
        await grain.AddReportedContactAsync(contact);
        var record = await CompletedAsync(grain);
        var again = await grain.AddReportedContactAsync(contact);

        // Assert
        Assert.Equal(new TraceSummary(TraceStatus.Completed, 1, 1, 0, TracingClusterFixture.Start, TierOneCompletedAt: TracingClusterFixture.Start), record.Trace);
        Assert.Equal(TraceStatus.Completed, again!.Trace.Status);
        AssertFindings(
            [
                (Id("pr"), 1, ManagementCategory.CloseContact, Yesterday(19, 30), Yesterday(21),
                    [new Exposure(ExposureKinds.Reported, null, Yesterday(19, 30), Yesterday(21), null, "meal")]),
                (Id("prh"), 2, ManagementCategory.SecondaryContact, Yesterday(19, 30), TracingClusterFixture.Start,
                    [new Exposure(ExposureKinds.Household, null, Yesterday(19, 30), TracingClusterFixture.Start, Id("pr"), null)]),
            ],
            await ContactsAsync(fixture, Id("c-r")));
        Assert.Equal(new PersonManagement(Id("pr"), ManagementCategory.CloseContact, Yesterday(21), Yesterday(21).AddDays(10), Id("c-r")),
            await fixture.Managements.GetManagementAsync(Id("pr"), Ct));
    }

    [Fact]
    public async Task AContactWhoBecomesACaseHasTheFirstCaseAsSourceAndJoinsItsCluster()
    {
        await BuildCityAsync(fixture);
        var first = fixture.Grains.GetGrain<ICaseGrain>(Id("c-a"));
        await first.ReportAsync(Report("c-a", "p0"));
        await CompletedAsync(first);
        var second = fixture.Grains.GetGrain<ICaseGrain>(Id("c-b"));
        var secondReport = new CaseReport(Id("c-b"), Id("p1"), Classifications.Asymptomatic, Yesterday(23), null, ReportedAt.AddHours(1), null, null, null);

        // Act
        await second.ReportAsync(secondReport);
        var record = await CompletedAsync(second);

        // Assert
        Assert.Equal([Id("c-a")], record.Sources);
        Assert.Equal(Id("c-a"), record.ClusterId);
        Assert.Equal(Id("c-a"), await fixture.Queries.GetClusterIdAsync(Id("c-b"), Ct));
        Assert.Equal(DiscoveryChannels.ContactScreening, record.DiscoveryChannel);
        Assert.Equal((Yesterday(23).AddDays(-2), ReportedAt.AddHours(1)), (record.WindowStart, record.WindowEnd));
        Assert.Equal(ManagementCategory.Case, (await fixture.Managements.GetManagementAsync(Id("p1"), Ct)).Category);
        Assert.Equal(
            [AssignmentStatuses.ConvertedToCase, AssignmentStatuses.ConvertedToCase],
            (await fixture.Managements.GetAssignmentsAsync(Id("p1"), Ct)).Select(a => a.Status));

        // p1's own contacts: p3 at the restaurant, p4 on the bus (and p7 before), p5 at home, p6 at the market;
        // p0, the first case, is a case and no contact.
        Assert.Equal(
            [
                (Id("p3"), ManagementCategory.CloseContact), (Id("p4"), ManagementCategory.CloseContact), (Id("p5"), ManagementCategory.CloseContact),
                (Id("p6"), ManagementCategory.VenueExposed), (Id("p7"), ManagementCategory.CloseContact),
            ],
            (await ContactsAsync(fixture, Id("c-b"))).Where(c => c.Finding.Tier == 1).Select(c => (c.Finding.PersonId, c.Finding.Category)));
        Assert.Equal(ManagementCategory.CloseContact, (await fixture.Managements.GetManagementAsync(Id("p3"), Ct)).Category);
    }

    [Fact]
    public async Task AContactWhoBecameACaseStaysInTheEarlierCasesListMarkedAndIsNeverManagedAsAContactAgain()
    {
        await BuildCityAsync(fixture);
        var first = fixture.Grains.GetGrain<ICaseGrain>(Id("c-a"));
        await first.ReportAsync(Report("c-a", "p0"));
        var before = await CompletedAsync(first);
        var second = fixture.Grains.GetGrain<ICaseGrain>(Id("c-b"));
        await second.ReportAsync(new CaseReport(Id("c-b"), Id("p1"), Classifications.Confirmed, Yesterday(23), null, ReportedAt.AddHours(1), null, null, null));
        await CompletedAsync(second);
        var reportedWithoutRetrace = await first.GetAsync();

        // Act: a late scan (say) makes the first case trace again.
        await first.RetraceAsync();
        var record = await CompletedAsync(first);

        // Assert: reporting the second case changed nothing of the first's; the re-run keeps p1, marked, and counts them.
        Assert.Equal(before.Trace, reportedWithoutRetrace!.Trace);
        Assert.Equal(2, record.Trace.CloseContacts);
        Assert.Equal(1, record.Trace.BecameCases);
        var p1 = Assert.Single(await ContactsAsync(fixture, Id("c-a")), c => c.Finding.PersonId == Id("p1"));
        Assert.Equal((ManagementCategory.CloseContact, Id("c-b")), (p1.Finding.Category, p1.BecameCaseId));
        Assert.NotEmpty(p1.Finding.Exposures);
        Assert.Equal(new PersonManagement(Id("p1"), ManagementCategory.Case, ReportedAt.AddHours(1), null, Id("c-b")),
            await fixture.Managements.GetManagementAsync(Id("p1"), Ct));
        Assert.All(await fixture.Managements.GetAssignmentsAsync(Id("p1"), Ct), a => Assert.Equal(AssignmentStatuses.ConvertedToCase, a.Status));
    }

    [Fact]
    public async Task ACaseReportedUnderHomeIsolationIsFoundInIsolationAndItsWindowEndsThere()
    {
        await BuildCityAsync(fixture);
        var first = fixture.Grains.GetGrain<ICaseGrain>(Id("c-a"));
        await first.ReportAsync(Report("c-a", "p0"));
        await CompletedAsync(first);
        var second = fixture.Grains.GetGrain<ICaseGrain>(Id("c-b"));

        // Act: p4, in home isolation since 19:00 yesterday as p1's bus neighbour, tests positive.
        await second.ReportAsync(new CaseReport(Id("c-b"), Id("p4"), Classifications.Asymptomatic, Yesterday(23), null, ReportedAt.AddHours(1), null, null, null));
        var record = await CompletedAsync(second);

        // Assert
        Assert.Equal(DiscoveryChannels.Isolation, record.DiscoveryChannel);
        Assert.Equal((Yesterday(23).AddDays(-2), Yesterday(19)), (record.WindowStart, record.WindowEnd));
        Assert.Equal([Id("c-a")], record.Sources);
    }

    [Fact]
    public async Task ARetraceRequestedJustAsATraceFinishesRunsWithoutWaitingForTheResumeReminder()
    {
        // A late scan (or reported contact) can arrive while the finishing run unregisters its resume reminder,
        // after its last check for owed generations; the new registration then makes the unregistration fail with a
        // tag mismatch. Repeated so that the window is hit (it was, within a few hundred tries, before the fix):
        // each retrace must finish promptly, not a minute later when the reminder fires.
        await PersonAsync(fixture.Grains, Id("p0"));
        var grain = fixture.Grains.GetGrain<ICaseGrain>(Id("c-late"));
        await grain.ReportAsync(Report("c-late", "p0"));
        await CompletedAsync(grain);

        for (var attempt = 0; attempt < 1000; attempt++)
        {
            // Act
            await grain.RetraceAsync();

            // Assert
            var waited = Stopwatch.StartNew();
            var status = (await grain.GetAsync())!.Trace.Status;
            while (status != TraceStatus.Completed && waited.Elapsed < TimeSpan.FromSeconds(5))
            {
                await Task.Delay(5, Ct);
                status = (await grain.GetAsync())!.Trace.Status;
            }

            Assert.True(status == TraceStatus.Completed, $"retrace {attempt + 1} is still {status} after 5 s");
        }
    }

    [Fact]
    public async Task AScanOfTheCaseStoredJustAfterItsTraceReadTheCasesScansIsNotLost()
    {
        // p9 rode a bus; the case's own scan on that bus arrives the moment after the trace has read the case's
        // scans, and goes the ingest path: stored, appended to the venue, checked against the trace watches.
        await PersonAsync(fixture.Grains, Id("p0"));
        await PersonAsync(fixture.Grains, Id("p9"));
        await VenueAsync(fixture.Grains, Id("late-bus"), "bus");
        await ScanAsync(fixture, Id("p9"), Id("late-bus"), Yesterday(16));
        var late = new Scan($"s-{Guid.NewGuid():N}", Id("p0"), Id("late-bus"), Yesterday(16, 10), null);
        Task retraced = Task.CompletedTask;
        fixture.ScanLog.AfterNextReadOf(Id("p0"), () => Task.Run(async () =>
        {
            await fixture.Scans.InsertAsync([late], Ct);
            await fixture.Grains.GetGrain<IVenueGrain>(Id("late-bus")).AppendVisitsAsync([new Visit(late.PersonId, late.ScannedAt, null)]);
            var watching = fixture.Retraces.FindWatchingCases([late], TimeSpan.FromHours(1));
            retraced = Task.WhenAll(watching.Keys.Select(c => fixture.Grains.GetGrain<ICaseGrain>(c).RetraceAsync()));
        }));
        var grain = fixture.Grains.GetGrain<ICaseGrain>(Id("c-mid"));

        // Act
        await grain.ReportAsync(Report("c-mid", "p0"));

        // Assert: the watch was stored before the read, so the scan re-traces the case and p9 is found.
        var waited = Stopwatch.StartNew();
        while (!(await ContactsAsync(fixture, Id("c-mid"))).Any(c => c.Finding.PersonId == Id("p9")))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), "the scan stored during the trace never reached it: p9 is not a contact");
            await Task.Delay(20, Ct);
        }

        await retraced;
        var p9 = (await ContactsAsync(fixture, Id("c-mid"))).Single(c => c.Finding.PersonId == Id("p9"));
        Assert.Equal((1, ManagementCategory.CloseContact), (p9.Finding.Tier, p9.Finding.Category));
    }

    [Fact]
    public async Task AnUnknownPersonReportedWithADistrictIsCreated()
    {
        var grain = fixture.Grains.GetGrain<ICaseGrain>(Id("c-u"));
        var report = new CaseReport(Id("c-u"), Id("p-new"), Classifications.Confirmed, Yesterday(12), null, ReportedAt, "hulan", DiscoveryChannels.ArrivalTest, null);

        // Act
        await grain.ReportAsync(report);
        var record = await CompletedAsync(grain);

        // Assert
        Assert.Equal("hulan", record.District);
        Assert.Equal(DiscoveryChannels.ArrivalTest, record.DiscoveryChannel);
        Assert.Equal(new PersonProfile("hulan", null, null, null), (await fixture.Grains.GetGrain<IPersonGrain>(Id("p-new")).GetAsync())?.Profile);
    }

    [Fact]
    public async Task AnAsymptomaticCaseConvertsToConfirmedOnce()
    {
        await PersonAsync(fixture.Grains, Id("p0"));
        var grain = fixture.Grains.GetGrain<ICaseGrain>(Id("c-x"));
        await grain.ReportAsync(Report("c-x", "p0", Classifications.Asymptomatic));
        await CompletedAsync(grain);

        // Act
        var converted = await grain.ConvertToConfirmedAsync(ReportedAt.AddHours(1));
        var again = await grain.ConvertToConfirmedAsync(ReportedAt.AddHours(2));

        // Assert
        Assert.Equal(Classifications.Confirmed, converted!.Classification);
        Assert.Equal(ReportedAt.AddHours(1), converted.ConvertedAt);
        Assert.Equal(ReportedAt.AddHours(1), again!.ConvertedAt);
        Assert.Equal(Classifications.Asymptomatic, again.Report.Classification);
    }

    [Fact]
    public async Task UnderTwentyMeasuresNoContactOfAContactIsTraced()
    {
        await using var cluster = TracingClusterFixture.For(TracingPolicies.TwentyMeasures);
        await cluster.InitializeAsync();
        await BuildCityAsync(cluster);
        var grain = cluster.Grains.GetGrain<ICaseGrain>(Id("c-a"));

        // Act
        await grain.ReportAsync(Report("c-a", "p0"));
        var record = await CompletedAsync(grain);

        // Assert
        Assert.Equal(new TraceSummary(TraceStatus.Completed, 2, 0, 1, TracingClusterFixture.Start, TierOneCompletedAt: TracingClusterFixture.Start), record.Trace);
        Assert.Equal(
            [(Id("p0h"), 1, ManagementCategory.CloseContact), (Id("p1"), 1, ManagementCategory.CloseContact), (Id("p2"), 1, ManagementCategory.VenueExposed)],
            (await ContactsAsync(cluster, Id("c-a"))).Select(c => (c.Finding.PersonId, c.Finding.Tier, c.Finding.Category)));
        Assert.Equal(
            [
                (AssignmentKinds.CentralizedIsolation, Yesterday(11), Yesterday(11).AddDays(5), AssignmentStatuses.AwaitingCapacity),
                (AssignmentKinds.HomeIsolation, Yesterday(11).AddDays(5), Yesterday(11).AddDays(8), AssignmentStatuses.Assigned),
            ],
            (await cluster.Managements.GetAssignmentsAsync(Id("p1"), Ct)).Select(a => (a.Kind, a.Start, a.End, a.Status)));
        Assert.Equal(PersonManagement.None(Id("p4")), await cluster.Managements.GetManagementAsync(Id("p4"), Ct));
    }
}
