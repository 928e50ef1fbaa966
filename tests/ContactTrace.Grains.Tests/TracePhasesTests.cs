using System.Diagnostics;
using ContactTrace.Cases;
using ContactTrace.Hotels;
using ContactTrace.Policy;
using ContactTrace.Scans;
using ContactTrace.Tracing;
using Orleans;

namespace ContactTrace.Grains.Tests;

/// <summary>
/// How a trace runs: tier 1 durable and at the hotels before tier 2 is computed, the case grain answering while its
/// trace is held, and a failing trace backing off instead of looping. Traces are held at the moment they read a
/// person's scans (<see cref="InterceptedScanStore"/>).
/// </summary>
[Collection(HotelTracingClusterCollection.Name)]
public sealed class TracePhasesTests(TracingClusterFixture fixture)
{
    private static readonly DateTimeOffset ReportedAt = new(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);

    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateTimeOffset Yesterday(int hour, int minute = 0) => new(2026, 11, 19, hour, minute, 0, TimeSpan.Zero);

    private string Id(string name) => $"{name}-{_run}";

    private CaseReport Report(string caseName, string personName) =>
        new(Id(caseName), Id(personName), Classifications.Asymptomatic, Yesterday(12), null, ReportedAt, null, null, null);

    /// <summary>
    /// The case p0 eats at a restaurant with p1 (a close contact), who then rides a bus with p2 (a contact of a close
    /// contact); p0 lives with p0h (a close contact).
    /// </summary>
    private async Task BuildCityAsync()
    {
        var grains = fixture.Grains;
        foreach (var (person, household) in new[] { ("p0", "h0"), ("p0h", "h0"), ("p1", null), ("p2", null) })
        {
            await grains.GetGrain<IPersonGrain>(Id(person)).SetProfileAsync(new PersonProfile("daoli", household is null ? null : Id(household), null, null));
        }

        await grains.GetGrain<IVenueGrain>(Id("restaurant")).SetProfileAsync(new VenueProfile("饭店", "daoli", "restaurant"));
        await grains.GetGrain<IVenueGrain>(Id("bus")).SetProfileAsync(new VenueProfile("公交", "daoli", "bus"));
        await ScanAsync("p0", "restaurant", Yesterday(10));
        await ScanAsync("p1", "restaurant", Yesterday(10, 30));
        await ScanAsync("p1", "bus", Yesterday(18));
        await ScanAsync("p2", "bus", Yesterday(18, 10));
    }

    private async Task ScanAsync(string person, string venue, DateTimeOffset at)
    {
        await fixture.Scans.InsertAsync([new Scan($"s-{Guid.NewGuid():N}", Id(person), Id(venue), at, null)], Ct);
        await fixture.Grains.GetGrain<IVenueGrain>(Id(venue)).AppendVisitsAsync([new Visit(Id(person), at, null)]);
    }

    private static Task<CaseRecord> WaitForAsync(ICaseGrain grain, string status) => WaitUntilAsync(grain, t => t.Status == status, status);

    private static async Task<CaseRecord> WaitUntilAsync(ICaseGrain grain, Func<TraceSummary, bool> condition, string what) =>
        (await Poll.UntilAsync(grain.GetAsync, record => record is not null && condition(record.Trace), TimeSpan.FromSeconds(30), $"the trace, not {what}", Ct,
            TimeSpan.FromMilliseconds(20)))!;

    private async Task<IReadOnlyList<FeedItem>> FeedItemsOfAsync(string personId)
    {
        var assignment = (await fixture.Managements.GetAssignmentsAsync(personId, Ct)).SingleOrDefault(a => a.HotelId is not null);
        return assignment is null ? [] : [.. (await fixture.Feeds.ReadFeedAsync(assignment.HotelId!, 0, 10_000, Ct)).Where(i => i.PersonId == personId)];
    }

    [Fact]
    public async Task TierOneIsDurableAndInTheHotelsFeedWhileTierTwoIsHeldBack()
    {
        await BuildCityAsync();
        await fixture.Grains.GetGrain<IHotelGrain>(Id("hotel")).SetProfileAsync(new HotelProfile("隔离酒店", "daoli", 100));
        var release = new TaskCompletionSource();
        fixture.ScanLog.AfterNextReadOf(Id("p1"), () => release.Task); // tier 2 begins by reading the close contacts' scans
        var grain = fixture.Grains.GetGrain<ICaseGrain>(Id("c"));

        // Act
        await grain.ReportAsync(Report("c", "p0"));
        CaseRecord held;
        IReadOnlyList<FeedItem> p1Feed = [], p0hFeed = [];
        try
        {
            held = await WaitForAsync(grain, TraceStatus.TierOneCompleted);
            var waited = Stopwatch.StartNew();
            while ((p1Feed.Count == 0 || p0hFeed.Count == 0) && waited.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(20, Ct);
                (p1Feed, p0hFeed) = (await FeedItemsOfAsync(Id("p1")), await FeedItemsOfAsync(Id("p0h")));
            }

            // Assert, tier 2 still held: the close contacts are managed and at a hotel; the contact of a contact is not found yet.
            Assert.Equal(TraceStatus.TierOneCompleted, (await grain.GetAsync())!.Trace.Status);
            Assert.Empty(await fixture.Managements.GetAssignmentsAsync(Id("p2"), Ct));
        }
        finally
        {
            release.TrySetResult();
        }

        var completed = await WaitForAsync(grain, TraceStatus.Completed);
        Assert.Equal((2, 0), (held.Trace.CloseContacts, held.Trace.SecondaryContacts));
        Assert.NotNull(held.Trace.TierOneCompletedAt);
        Assert.Equal(AssignmentStatuses.Assigned, Assert.Single(p1Feed).Status);
        Assert.Equal(AssignmentStatuses.Assigned, Assert.Single(p0hFeed).Status);
        Assert.Equal((2, 1), (completed.Trace.CloseContacts, completed.Trace.SecondaryContacts));
        Assert.Equal(AssignmentKinds.HomeIsolation, Assert.Single(await fixture.Managements.GetAssignmentsAsync(Id("p2"), Ct)).Kind);
    }

    [Fact]
    public async Task AReTraceFindsTheContactsOfANewCloseContactAndKeepsEveryoneFoundBefore()
    {
        await BuildCityAsync();
        var grain = fixture.Grains.GetGrain<ICaseGrain>(Id("c"));
        await grain.ReportAsync(Report("c", "p0"));
        await WaitForAsync(grain, TraceStatus.Completed);

        // p3 was at the restaurant with the case too (their scan arrives late), and later in a taxi with p4.
        await fixture.Grains.GetGrain<IPersonGrain>(Id("p3")).SetProfileAsync(new PersonProfile("daoli", null, null, null));
        await fixture.Grains.GetGrain<IPersonGrain>(Id("p4")).SetProfileAsync(new PersonProfile("daoli", null, null, null));
        await fixture.Grains.GetGrain<IVenueGrain>(Id("taxi")).SetProfileAsync(new VenueProfile("出租车", "daoli", "taxi"));
        await ScanAsync("p3", "restaurant", Yesterday(10, 15));
        await ScanAsync("p3", "taxi", Yesterday(20));
        await ScanAsync("p4", "taxi", Yesterday(20, 5));

        // Act: the re-trace the late scan asks for
        await grain.RetraceAsync();
        var completed = await WaitUntilAsync(grain, t => t.Status == TraceStatus.Completed && t.CloseContacts == 3, "completed with p3");

        // Assert: p3's contact is found and p1's stays
        var contacts = await fixture.Queries.GetContactsAsync(Id("c"), 2, null, null, 100, Ct);
        Assert.Equal([Id("p2"), Id("p4")], contacts.Select(c => c.Finding.PersonId).Order(StringComparer.Ordinal));
        Assert.Equal(2, completed.Trace.SecondaryContacts);
    }

    [Fact]
    public async Task TheCaseAnswersReadsReportsAndConversionsWhileItsTraceIsHeld()
    {
        await BuildCityAsync();
        var release = new TaskCompletionSource();
        fixture.ScanLog.AfterNextReadOf(Id("p0"), () => release.Task); // the very first read of tier 1
        var grain = fixture.Grains.GetGrain<ICaseGrain>(Id("c"));
        await grain.ReportAsync(Report("c", "p0"));

        try
        {
            // Act: all of these return while the trace is held; had any of them waited for it, it would never return.
            var read = await grain.GetAsync();
            var again = await grain.ReportAsync(Report("c", "p0"));
            var converted = await grain.ConvertToConfirmedAsync(ReportedAt.AddHours(1));
            await grain.RetraceAsync();
            var contact = await grain.AddReportedContactAsync(new ReportedContact(Id("p2"), Yesterday(9), null, "meal", "同桌吃饭"));

            // Assert
            Assert.Equal(TraceStatus.Running, read!.Trace.Status);
            Assert.Equal(CaseReportOutcome.Unchanged, again.Outcome);
            Assert.Equal(Classifications.Confirmed, converted!.Classification);
            Assert.Equal(TraceStatus.Running, contact!.Trace.Status);
        }
        finally
        {
            release.TrySetResult();
        }

        // The requests made meanwhile coalesce into runs after the held one: the reported contact is traced.
        var completed = await WaitForAsync(grain, TraceStatus.Completed);
        Assert.Equal(3, completed.Trace.CloseContacts);
        Assert.Contains(await fixture.Queries.GetContactsAsync(Id("c"), 1, null, null, 100, Ct), c => c.Finding.PersonId == Id("p2"));
    }

    [Fact]
    public async Task AFailingTraceBacksOffShowsWhyAndSucceedsWhenRetried()
    {
        await BuildCityAsync();
        var reads = 0;
        fixture.ScanLog.AfterNextReadOf(Id("p0"), () =>
        {
            Interlocked.Increment(ref reads);
            throw new TimeoutException("the venue did not answer");
        });
        var grain = fixture.Grains.GetGrain<ICaseGrain>(Id("c"));
        var reportedAt = fixture.Time.GetUtcNow();

        // Act
        await grain.ReportAsync(Report("c", "p0"));
        var failed = await WaitUntilAsync(grain, t => t.Attempts == 1, "failed once");
        await grain.ResumeAsync(); // as the reminder would, before the back-off is over: nothing runs
        await grain.RetraceAsync();

        // Assert: one attempt, its reason and when it runs again; no hot loop.
        Assert.Equal(1, reads);
        Assert.Equal(1, failed.Trace.Attempts);
        Assert.Equal("TimeoutException: the venue did not answer", failed.Trace.LastError);
        Assert.Equal(TraceStatus.Queued, failed.Trace.Status);
        Assert.Equal(reportedAt.AddMinutes(1), failed.Trace.RetryAt);
        Assert.Equal(TraceStatus.Queued, (await grain.GetAsync())!.Trace.Status);

        fixture.Time.Advance(TimeSpan.FromMinutes(1));
        try
        {
            await grain.ResumeAsync(); // the reminder's tick after the back-off
            var completed = await WaitForAsync(grain, TraceStatus.Completed);
            Assert.Equal((2, 1, 0, null), (completed.Trace.CloseContacts, completed.Trace.SecondaryContacts, completed.Trace.Attempts, completed.Trace.LastError));
        }
        finally
        {
            fixture.Time.AdjustTime(reportedAt);
        }
    }
}
