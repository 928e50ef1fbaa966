using System.Globalization;

namespace ContactTrace.Host.FunctionalTests;

/// <summary>
/// The daily bulletin through HTTP on the real host and PostgreSQL. Each test reports a hand-built day of cases in a
/// past local day (Asia/Shanghai, the host's default zone) of its own, with no scans and no households, so that
/// its figures are exact in the class's own database: nobody else writes cases, contacts or assignments there.
/// </summary>
public sealed class ReportsApiTests(PostgresHostFixture fixture) : IClassFixture<PostgresHostFixture>
{
    private const string NoContacts = "新判定密切接触者0人、次密切接触者0人；在管密切接触者0人、次密切接触者0人。集中隔离0人，居家隔离0人，待安置0人。";

    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Admin => fixture.Host.CreateClient(ContactTraceHost.AdminKey);

    private HttpClient Tracer => fixture.Host.CreateClient(ContactTraceHost.TracerKey);

    private sealed record class Count(string Code, string Label, int Value);

    private string Id(string name) => $"{name}-{_run}";

    /// <summary>A local day <paramref name="daysAgo"/> days before today in Harbin.</summary>
    private static DateOnly Day(int daysAgo) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Shanghai).Date).AddDays(-daysAgo);

    private static DateTimeOffset Local(DateOnly day, int hour, int minute = 0)
    {
        var local = day.ToDateTime(new TimeOnly(0, 0)).AddHours(hour).AddMinutes(minute);
        return new DateTimeOffset(local, Shanghai.GetUtcOffset(local));
    }

    private static string Iso(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The cumulative line of a database without contacts, and the period's contacts and isolation.</summary>
    private static string Tail(DateOnly day, string clock) =>
        string.Create(CultureInfo.InvariantCulture, $"截至{day.Month}月{day.Day}日{clock}，累计排查密切接触者0人，密切接触者的密切接触者0人，已全部进行隔离管控。") + NoContacts;

    private static string Heading(DateOnly day, string hours) =>
        string.Create(CultureInfo.InvariantCulture, $"{day.Year}年{day.Month}月{day.Day}日{hours}，哈尔滨市");

    private async Task PersonAsync(string name, string district)
    {
        var put = await Admin.PutAsJsonAsync($"/api/persons/{Id(name)}", new { district }, Ct);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
    }

    private Task<JsonElement> CompletedCaseAsync(string caseId) => CaseTraces.CompletedAsync(Tracer, caseId, Ct);

    /// <summary>Registers the person in the district and reports their case, sampled two hours before the report.</summary>
    private async Task<JsonElement> CaseAsync(string name, string district, string classification, DateTimeOffset reportedAt, string? channel)
    {
        await PersonAsync($"p-{name}", district);
        var body = new
        {
            caseId = Id(name),
            personId = Id($"p-{name}"),
            classification,
            sampledAt = Iso(reportedAt.AddHours(-2)),
            reportedAt = Iso(reportedAt),
            discoveryChannel = channel,
        };
        var post = await Tracer.PostAsJsonAsync("/api/cases", body, Ct);
        Assert.Equal(HttpStatusCode.Accepted, post.StatusCode);
        return await CompletedCaseAsync(Id(name));
    }

    private async Task ConvertAsync(string name, DateTimeOffset at)
    {
        var put = await Tracer.PutAsJsonAsync($"/api/cases/{Id(name)}/classification", new { classification = "confirmed", at = Iso(at) }, Ct);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
    }

    /// <summary>
    /// The hand-built day D. Until 15:00: 9 new cases, 4 confirmed and 5 asymptomatic; by channel isolation 3 and
    /// community screening 3 (a tie, reported community first; one community case derived, reported without a
    /// channel), care-seeking 2, arrival test 1; by district nangang 3, yilan 2 and daowai 2 (a county and a district
    /// tied, the county reported first), shangzhi 1 and daoli 1 (a city and a district tied). Two asymptomatic cases
    /// of the day before convert, at 09:00 and at 15:30. After 15:00: a confirmed case at 15:00 sharp (cross-region
    /// assist, xiangfang) and an asymptomatic one at 16:30 (care-seeking, xiangfang). The day before, at 23:30 and
    /// 12:00, the two cases that convert on D (hulan).
    /// </summary>
    private async Task BuildDayAsync(DateOnly day)
    {
        var before = day.AddDays(-1);
        await CaseAsync("prev-late", "hulan", "asymptomatic", Local(before, 23, 30), "isolation");
        await CaseAsync("prev-noon", "hulan", "asymptomatic", Local(before, 12), "community-screening");

        await CaseAsync("c01", "shangzhi", "asymptomatic", Local(day, 0), "community-screening");
        await CaseAsync("c02", "yilan", "asymptomatic", Local(day, 1, 15), "community-screening");
        var derived = await CaseAsync("c03", "yilan", "confirmed", Local(day, 2, 40), channel: null);
        Assert.Equal("community-screening", derived.GetProperty("discoveryChannel").GetString());
        await CaseAsync("c04", "nangang", "asymptomatic", Local(day, 5), "care-seeking");
        await CaseAsync("c05", "daowai", "confirmed", Local(day, 7, 20), "isolation");
        await CaseAsync("c06", "nangang", "asymptomatic", Local(day, 9), "isolation");
        await CaseAsync("c07", "daowai", "confirmed", Local(day, 11, 5), "arrival-test");
        await CaseAsync("c08", "daoli", "asymptomatic", Local(day, 13, 30), "isolation");
        await CaseAsync("c09", "nangang", "confirmed", Local(day, 14, 59), "care-seeking");

        await CaseAsync("c10", "xiangfang", "confirmed", Local(day, 15), "cross-region-assist");
        await CaseAsync("c11", "xiangfang", "asymptomatic", Local(day, 16, 30), "care-seeking");

        await ConvertAsync("prev-late", Local(day, 9));
        await ConvertAsync("prev-noon", Local(day, 15, 30));
    }

    private static List<Count> Counts(JsonElement array, string code) =>
        [.. array.EnumerateArray().Select(c => new Count(c.GetProperty(code).GetString()!, c.GetProperty("label").GetString()!, c.GetProperty("count").GetInt32()))];

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string field)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await Json.ReadAsync(response);
        var named = problem.TryGetProperty("errors", out var errors)
            ? errors.TryGetProperty(field, out _)
            : problem.TryGetProperty("field", out var single) && single.GetString() == field;
        Assert.True(named, $"expected the problem to name '{field}', got {problem}");
    }

    [Fact]
    public async Task TheFiguresUntil15CountTheDaysCasesByClassificationChannelAndDistrictLargestFirst()
    {
        var day = Day(3);
        await BuildDayAsync(day);

        // Act
        var response = await Tracer.GetAsync($"/api/reports/daily?date={Date(day)}&until=15:00", Ct);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await Json.ReadAsync(response);
        Assert.Equal(Local(day, 0), report.GetProperty("periodStart").GetDateTimeOffset());
        Assert.Equal(TimeSpan.FromHours(8), report.GetProperty("periodStart").GetDateTimeOffset().Offset);
        Assert.Equal(Local(day, 15), report.GetProperty("periodEnd").GetDateTimeOffset());
        var cases = report.GetProperty("newCases");
        Assert.Equal(
            (9, 4, 5, 1),
            (cases.GetProperty("total").GetInt32(), cases.GetProperty("confirmed").GetInt32(), cases.GetProperty("asymptomatic").GetInt32(),
                cases.GetProperty("convertedToConfirmed").GetInt32()));
        Assert.Equal(
            [
                new Count("isolation", "隔离管控人员中发现", 3),
                new Count("community-screening", "社区筛查发现", 3),
                new Count("care-seeking", "发热门诊就诊发现", 2),
                new Count("arrival-test", "落地检", 1),
            ],
            Counts(cases.GetProperty("byChannel"), "channel"));
        Assert.Equal(
            [
                new Count("nangang", "南岗区", 3),
                new Count("daowai", "道外区", 2),
                new Count("yilan", "依兰县", 2),
                new Count("daoli", "道里区", 1),
                new Count("shangzhi", "尚志市", 1),
            ],
            Counts(cases.GetProperty("byDistrict"), "district"));
        var contacts = report.GetProperty("contacts");
        Assert.Equal(
            (0, 0, 0, 0),
            (contacts.GetProperty("closeIdentified").GetInt32(), contacts.GetProperty("secondaryIdentified").GetInt32(),
                contacts.GetProperty("closeUnderManagement").GetInt32(), contacts.GetProperty("secondaryUnderManagement").GetInt32()));
        var isolation = report.GetProperty("isolation");
        Assert.Equal(
            (0, 0, 0),
            (isolation.GetProperty("centralized").GetInt32(), isolation.GetProperty("home").GetInt32(), isolation.GetProperty("awaitingCapacity").GetInt32()));
    }

    [Fact]
    public async Task TheTextUntil15IsTheParagraphThePressOfficeReadsOutWordForWord()
    {
        var day = Day(6);
        await BuildDayAsync(day);

        // Act
        var response = await Tracer.GetAsync($"/api/reports/daily?date={Date(day)}&until=15:00&format=text", Ct);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.Equal(
            Heading(day, "0-15时") + "新增本土新冠病毒阳性感染者9例，其中确诊病例4例，无症状感染者5例。"
            + "隔离管控人员中发现3例，社区筛查发现3例，发热门诊就诊发现2例，落地检1例。"
            + "南岗区3例，道外区2例，依兰县2例，道里区1例，尚志市1例。"
            + "另有1例无症状感染者转为确诊病例。" + Tail(day, "15时"),
            text);
    }

    [Fact]
    public async Task TheWholeDayRunsTo24AndCountsTheCasesAndConversionsOfTheEvening()
    {
        var day = Day(9);
        await BuildDayAsync(day);

        // Act
        var implicitUntil = await Tracer.GetAsync($"/api/reports/daily?date={Date(day)}", Ct);
        var explicitUntil = await Tracer.GetAsync($"/api/reports/daily?date={Date(day)}&until=24:00", Ct);
        var text = await Tracer.GetStringAsync($"/api/reports/daily?date={Date(day)}&format=text", Ct);

        // Assert
        Assert.Equal(HttpStatusCode.OK, implicitUntil.StatusCode);
        var report = await Json.ReadAsync(implicitUntil);
        Assert.Equal(report.ToString(), (await Json.ReadAsync(explicitUntil)).ToString());
        Assert.Equal(Local(day, 0), report.GetProperty("periodStart").GetDateTimeOffset());
        Assert.Equal(Local(day.AddDays(1), 0), report.GetProperty("periodEnd").GetDateTimeOffset());
        var cases = report.GetProperty("newCases");
        Assert.Equal(
            (11, 5, 6, 2),
            (cases.GetProperty("total").GetInt32(), cases.GetProperty("confirmed").GetInt32(), cases.GetProperty("asymptomatic").GetInt32(),
                cases.GetProperty("convertedToConfirmed").GetInt32()));
        Assert.Equal(
            [
                new Count("isolation", "隔离管控人员中发现", 3),
                new Count("community-screening", "社区筛查发现", 3),
                new Count("care-seeking", "发热门诊就诊发现", 3),
                new Count("cross-region-assist", "跨区域协查发现", 1),
                new Count("arrival-test", "落地检", 1),
            ],
            Counts(cases.GetProperty("byChannel"), "channel"));
        Assert.Equal(
            [
                new Count("nangang", "南岗区", 3),
                new Count("daowai", "道外区", 2),
                new Count("xiangfang", "香坊区", 2),
                new Count("yilan", "依兰县", 2),
                new Count("daoli", "道里区", 1),
                new Count("shangzhi", "尚志市", 1),
            ],
            Counts(cases.GetProperty("byDistrict"), "district"));
        Assert.Equal(
            Heading(day, "0-24时") + "新增本土新冠病毒阳性感染者11例，其中确诊病例5例，无症状感染者6例。"
            + "隔离管控人员中发现3例，社区筛查发现3例，发热门诊就诊发现3例，跨区域协查发现1例，落地检1例。"
            + "南岗区3例，道外区2例，香坊区2例，依兰县2例，道里区1例，尚志市1例。"
            + "另有2例无症状感染者转为确诊病例。" + Tail(day, "24时"),
            text);
    }

    [Fact]
    public async Task CasesCountByTheirLocalDayFromMidnightUntilTheHourExcluded()
    {
        var day = Day(12);
        await CaseAsync("before-midnight", "acheng", "confirmed", Local(day.AddDays(-1), 23, 59), "community-screening");
        await CaseAsync("at-midnight", "acheng", "confirmed", Local(day, 0), "community-screening");
        await CaseAsync("before-until", "pingfang", "asymptomatic", Local(day, 9, 59), "contact-screening");
        await CaseAsync("at-until", "pingfang", "asymptomatic", Local(day, 10), "contact-screening");

        // Act
        var text = await Tracer.GetStringAsync($"/api/reports/daily?date={Date(day)}&until=10:00&format=text", Ct);
        var previous = await Tracer.GetStringAsync($"/api/reports/daily?date={Date(day.AddDays(-1))}&format=text", Ct);

        // Assert
        Assert.Equal(
            Heading(day, "0-10时") + "新增本土新冠病毒阳性感染者2例，其中确诊病例1例，无症状感染者1例。"
            + "社区筛查发现1例，密切接触者筛查发现1例。平房区1例，阿城区1例。" + Tail(day, "10时"),
            text);
        Assert.Equal(
            Heading(day.AddDays(-1), "0-24时") + "新增本土新冠肺炎确诊病例1例，在阿城区；无新增本土无症状感染者。" + Tail(day.AddDays(-1), "24时"),
            previous);
    }

    [Fact]
    public async Task ADayWithoutCasesSaysThereAreNone()
    {
        var day = Day(15);

        // Act
        var response = await Tracer.GetAsync($"/api/reports/daily?date={Date(day)}&until=15:00", Ct);
        var text = await Tracer.GetStringAsync($"/api/reports/daily?date={Date(day)}&until=15:00&format=text", Ct);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cases = (await Json.ReadAsync(response)).GetProperty("newCases");
        Assert.Equal(0, cases.GetProperty("total").GetInt32());
        Assert.Equal(0, cases.GetProperty("byChannel").GetArrayLength());
        Assert.Equal(0, cases.GetProperty("byDistrict").GetArrayLength());
        Assert.Equal(Heading(day, "0-15时") + "无新增本土新冠病毒阳性感染者。" + Tail(day, "15时"), text);
    }

    [Fact]
    public async Task EachClassIsBrokenDownOnItsOwnWhenAskedInTheJsonAndInTheParagraph()
    {
        var day = Day(18);
        await BuildDayAsync(day);

        // Act
        var report = await Json.ReadAsync(await Tracer.GetAsync($"/api/reports/daily?date={Date(day)}&until=15:00", Ct));
        var text = await Tracer.GetStringAsync($"/api/reports/daily?date={Date(day)}&until=15:00&format=text&breakdown=by-class", Ct);

        // Assert
        var classes = report.GetProperty("newCases").GetProperty("byClassification");
        Assert.Equal(
            [("confirmed", "确诊病例", 4), ("asymptomatic", "无症状感染者", 5)],
            classes.EnumerateArray().Select(c => (c.GetProperty("classification").GetString(), c.GetProperty("label").GetString(), c.GetProperty("count").GetInt32())));
        Assert.Equal(
            [new Count("daowai", "道外区", 2), new Count("nangang", "南岗区", 1), new Count("yilan", "依兰县", 1)],
            Counts(classes[0].GetProperty("byDistrict"), "district"));
        Assert.Equal(
            [new Count("isolation", "隔离管控人员中发现", 2), new Count("community-screening", "社区筛查发现", 2), new Count("care-seeking", "发热门诊就诊发现", 1)],
            Counts(classes[1].GetProperty("byChannel"), "channel"));
        Assert.Equal(
            Heading(day, "0-15时") + "新增本土新冠病毒阳性感染者9例，其中确诊病例4例，道外区2例、南岗区1例、依兰县1例；"
            + "隔离管控人员中发现1例，社区筛查发现1例，落地检1例，发热门诊就诊发现1例。"
            + "无症状感染者5例，南岗区2例、道里区1例、依兰县1例、尚志市1例；隔离管控人员中发现2例，社区筛查发现2例，发热门诊就诊发现1例。"
            + "另有1例无症状感染者转为确诊病例。" + Tail(day, "15时"),
            text);
    }

    [Fact]
    public async Task ADayNotYetEndedIsReportedUntilNowAndSaysSo()
    {
        var today = Day(0);
        var asked = DateTimeOffset.UtcNow;

        // Act
        var report = await Json.ReadAsync(await Tracer.GetAsync($"/api/reports/daily?date={Date(today)}", Ct));
        var text = await Tracer.GetStringAsync($"/api/reports/daily?date={Date(today)}&format=text", Ct);

        // Assert
        Assert.False(report.GetProperty("complete").GetBoolean());
        var end = report.GetProperty("periodEnd").GetDateTimeOffset();
        Assert.InRange(end, asked, DateTimeOffset.UtcNow);
        Assert.Contains("（统计时段尚未结束），哈尔滨市", text, StringComparison.Ordinal);
        Assert.DoesNotContain("24时", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEndedPeriodIsComplete()
    {
        var report = await Json.ReadAsync(await Tracer.GetAsync($"/api/reports/daily?date={Date(Day(1))}", Ct));

        Assert.True(report.GetProperty("complete").GetBoolean());
    }

    [Theory]
    [InlineData("", "date")]
    [InlineData("?until=15:00", "date")]
    [InlineData("?date=&until=15:00", "date")]
    [InlineData("?date=2022-13-01", "date")]
    [InlineData("?date=2022-02-30", "date")]
    [InlineData("?date=2022/12/01", "date")]
    [InlineData("?date=20221201", "date")]
    [InlineData("?date=yesterday", "date")]
    [InlineData("?date=2022-12-01&until=25:00", "until")]
    [InlineData("?date=2022-12-01&until=24:01", "until")]
    [InlineData("?date=2022-12-01&until=00:00", "until")]
    [InlineData("?date=2022-12-01&until=15", "until")]
    [InlineData("?date=2022-12-01&until=3pm", "until")]
    [InlineData("?date=2022-12-01&format=xml", "format")]
    [InlineData("?date=2022-12-01&breakdown=by-district", "breakdown")]
    [InlineData("?date=2999-12-31", "date")]
    public async Task ABadQueryGets400NamingTheParameter(string query, string field)
    {
        // Act
        var response = await Tracer.GetAsync($"/api/reports/daily{query}", Ct);

        // Assert
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Theory]
    [InlineData(ContactTraceHost.ScannerKey)]
    [InlineData(ContactTraceHost.HotelKey)]
    public async Task OnlyTracersAndAdminsReadTheBulletin(string key)
    {
        var url = $"/api/reports/daily?date={Date(Day(3))}&until=15:00";

        // Act
        var denied = await fixture.Host.CreateClient(key).GetAsync(url, Ct);
        var admin = await Admin.GetAsync(url, Ct);

        // Assert
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
    }

    [Fact]
    public async Task ReadingTheBulletinNeedsAKey()
    {
        var response = await fixture.Host.CreateDefaultClient().GetAsync($"/api/reports/daily?date={Date(Day(3))}", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
