using System.Globalization;
using ContactTrace.Cases;
using ContactTrace.Reports;

namespace ContactTrace.Domain.Tests;

/// <summary>
/// The daily bulletin's paragraph, period and orderings as pure code: hand-built days and the paragraph the press
/// office reads out, word for word, in the phrasing DESIGN.md quotes for each mix — both classes (together, and each
/// broken down on its own), one class only, a single case, none — with the cumulative contacts line, conversions,
/// the whole day, a period not yet ended, and ties between channels and between districts, counties and cities.
/// </summary>
public sealed class BulletinTextTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private static readonly TimeSpan China8 = TimeSpan.FromHours(8);

    private static readonly DateTimeOffset DayStart = new(2022, 12, 1, 0, 0, 0, China8);

    private static readonly DateTimeOffset Until15 = new(2022, 12, 1, 15, 0, 0, China8);

    private const string NoContacts = "新判定密切接触者0人、次密切接触者0人；在管密切接触者0人、次密切接触者0人。集中隔离0人，居家隔离0人，待安置0人。";

    /// <summary>The cumulative line and the period's figures of a day without contacts, for a period ending at <paramref name="clock"/> on 1 December.</summary>
    private static string NothingElse(string clock = "15时") =>
        $"截至12月1日{clock}，累计排查密切接触者0人，密切接触者的密切接触者0人，已全部进行隔离管控。" + NoContacts;

    private static LabeledCount Channel(string code, int count) =>
        new(code, DiscoveryChannels.LabelOf(code), count);

    private static LabeledCount District(string code, int count) =>
        new(code, Districts.All.Single(d => d.Code == code).Label, count);

    private static BulletinFigures Figures(
        int confirmed,
        int asymptomatic,
        ImmutableArray<LabeledCount> byChannel,
        ImmutableArray<LabeledCount> byDistrict,
        int converted = 0,
        DateTimeOffset? end = null,
        DateTimeOffset? start = null) =>
        new(start ?? DayStart, end ?? Until15, confirmed, asymptomatic, converted, byChannel, byDistrict, 0, 0, 0, 0, 0, 0, 0);

    private static DateTimeOffset China(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, China8);

    [Fact]
    public void BothClassesTogetherFollowTheSeedBulletinOf29November()
    {
        var figures = Figures(54, 5,
            [Channel("isolation", 50), Channel("community-screening", 5), Channel("contact-screening", 4)],
            [District("xiangfang", 20), District("daoli", 11), District("nangang", 10), District("daowai", 9), District("pingfang", 5), District("songbei", 4)],
            start: China(2022, 11, 29, 0), end: China(2022, 11, 29, 15));

        var text = BulletinText.Write(figures, Shanghai);

        Assert.StartsWith(
            "2022年11月29日0-15时，哈尔滨市新增本土新冠病毒阳性感染者59例，其中确诊病例54例，无症状感染者5例。隔离管控人员中发现50例，社区筛查发现5例，密切接触者筛查发现4例。"
            + "香坊区20例，道里区11例，南岗区10例，道外区9例，平房区5例，松北区4例。截至11月29日15时，",
            text);
    }

    [Fact]
    public void BothClassesEachBrokenDownOnItsOwnFollowTheSeedBulletin()
    {
        var figures = Figures(6, 17, [], []) with
        {
            ByClassification =
            [
                new ClassificationCounts(Classifications.Confirmed, 6, [Channel("community-screening", 3), Channel("isolation", 3)], [District("nangang", 5), District("xiangfang", 1)]),
                new ClassificationCounts(Classifications.Asymptomatic, 17, [Channel("community-screening", 13), Channel("isolation", 4)], [District("xiangfang", 13), District("daoli", 4)]),
            ],
        };

        var text = BulletinText.Write(figures, Shanghai, BulletinBreakdown.ByClass);

        Assert.Equal(
            "2022年12月1日0-15时，哈尔滨市新增本土新冠病毒阳性感染者23例，其中确诊病例6例，南岗区5例、香坊区1例；社区筛查发现3例，隔离管控人员中发现3例。"
            + "无症状感染者17例，香坊区13例、道里区4例；社区筛查发现13例，隔离管控人员中发现4例。" + NothingElse(),
            text);
    }

    [Fact]
    public void ADayOfAsymptomaticCasesOnlyNamesTheClassInTheHeadlineLikeTheSeedBulletinOf30November()
    {
        var figures = Figures(0, 126, [Channel("isolation", 99), Channel("community-screening", 27)], [District("xiangfang", 38), District("daoli", 30), District("nangang", 28), District("daowai", 20), District("pingfang", 10)],
            start: China(2022, 11, 30, 0), end: China(2022, 11, 30, 14));

        var text = BulletinText.Write(figures, Shanghai);

        Assert.Equal(
            "2022年11月30日0-14时，哈尔滨市新增本土新冠病毒无症状感染者126例。其中，隔离管控人员中发现99例，社区筛查发现27例。香坊区38例，道里区30例，南岗区28例，道外区20例，平房区10例。"
            + "截至11月30日14时，累计排查密切接触者0人，密切接触者的密切接触者0人，已全部进行隔离管控。" + NoContacts,
            text);
    }

    [Fact]
    public void ADayOfConfirmedCasesOnlyNamesTheClassInTheHeadline()
    {
        var figures = Figures(3, 0, [Channel("community-screening", 2), Channel("care-seeking", 1)], [District("daowai", 3)]);

        var text = BulletinText.Write(figures, Shanghai);

        Assert.Equal(
            "2022年12月1日0-15时，哈尔滨市新增本土新冠肺炎确诊病例3例。其中，社区筛查发现2例，发热门诊就诊发现1例。道外区3例。" + NothingElse(),
            text);
    }

    [Fact]
    public void ASingleAsymptomaticCaseNamesItsDistrictWithTheCumulativeLineLikeTheSeedBulletinOf2November()
    {
        var figures = Figures(0, 1, [Channel("community-screening", 1)], [District("pingfang", 1)],
            start: China(2022, 11, 2, 0), end: China(2022, 11, 3, 0)) with { CumulativeCloseIdentified = 1791, CumulativeSecondaryIdentified = 4122 };

        var text = BulletinText.Write(figures, Shanghai);

        Assert.Equal(
            "2022年11月2日0-24时，哈尔滨市无新增本土新冠肺炎确诊病例；新增本土无症状感染者1例，在平房区。"
            + "截至11月2日24时，累计排查密切接触者1791人，密切接触者的密切接触者4122人，已全部进行隔离管控。" + NoContacts,
            text);
    }

    [Fact]
    public void ASingleConfirmedCaseNamesItsDistrict()
    {
        var figures = Figures(1, 0, [Channel("care-seeking", 1)], [District("hulan", 1)]);

        var text = BulletinText.Write(figures, Shanghai);

        Assert.Equal("2022年12月1日0-15时，哈尔滨市新增本土新冠肺炎确诊病例1例，在呼兰区；无新增本土无症状感染者。" + NothingElse(), text);
    }

    [Fact]
    public void ADayWithoutAnyCaseSaysSoAndStillGivesContactsAndIsolation()
    {
        var figures = new BulletinFigures(DayStart, Until15, 0, 0, 0, [], [], 3, 7, 250, 600, 240, 610, 0)
        {
            CumulativeCloseIdentified = 1791,
            CumulativeSecondaryIdentified = 4122,
        };

        var text = BulletinText.Write(figures, Shanghai);

        Assert.Equal(
            "2022年12月1日0-15时，哈尔滨市无新增本土新冠病毒阳性感染者。"
            + "截至12月1日15时，累计排查密切接触者1791人，密切接触者的密切接触者4122人，已全部进行隔离管控。"
            + "新判定密切接触者3人、次密切接触者7人；在管密切接触者250人、次密切接触者600人。集中隔离240人，居家隔离610人，待安置0人。",
            text);
    }

    [Fact]
    public void PeopleWaitingForARoomAreNotCalledIsolated()
    {
        var figures = new BulletinFigures(DayStart, Until15, 0, 0, 0, [], [], 120, 45, 1791, 4122, 1500, 4413, 12)
        {
            CumulativeCloseIdentified = 1791,
            CumulativeSecondaryIdentified = 4122,
        };

        var text = BulletinText.Write(figures, Shanghai);

        Assert.Equal(
            "2022年12月1日0-15时，哈尔滨市无新增本土新冠病毒阳性感染者。"
            + "截至12月1日15时，累计排查密切接触者1791人，密切接触者的密切接触者4122人，除待安置的12人外，已全部进行隔离管控。"
            + "新判定密切接触者120人、次密切接触者45人；在管密切接触者1791人、次密切接触者4122人。集中隔离1500人，居家隔离4413人，待安置12人。",
            text);
    }

    [Fact]
    public void AConversionIsCountedApartAfterTheNewCases()
    {
        var figures = Figures(1, 1, [Channel("isolation", 1), Channel("arrival-test", 1)], [District("xiangfang", 1), District("bin", 1)], converted: 2);

        var text = BulletinText.Write(figures, Shanghai);

        Assert.Equal(
            "2022年12月1日0-15时，哈尔滨市新增本土新冠病毒阳性感染者2例，其中确诊病例1例，无症状感染者1例。隔离管控人员中发现1例，落地检1例。香坊区1例，宾县1例。"
            + "另有2例无症状感染者转为确诊病例。" + NothingElse(),
            text);
    }

    [Fact]
    public void AConversionOnADayWithoutNewCasesIsStillReported()
    {
        var figures = Figures(0, 0, [], [], converted: 1);

        var text = BulletinText.Write(figures, Shanghai);

        Assert.Equal("2022年12月1日0-15时，哈尔滨市无新增本土新冠病毒阳性感染者。另有1例无症状感染者转为确诊病例。" + NothingElse(), text);
    }

    [Fact]
    public void TheWholeDayRunsFrom0To24()
    {
        var figures = Figures(0, 0, [], [], end: China(2022, 12, 2, 0));

        var text = BulletinText.Write(figures, Shanghai);

        Assert.Equal("2022年12月1日0-24时，哈尔滨市无新增本土新冠病毒阳性感染者。" + NothingElse("24时"), text);
    }

    [Fact]
    public void APeriodThatHasNotEndedGivesTheMinuteAndSaysSo()
    {
        var figures = Figures(0, 0, [], [], end: China(2022, 12, 1, 3, 35).AddSeconds(59));

        var text = BulletinText.Write(figures, Shanghai, ended: false);

        Assert.Equal("2022年12月1日0-3时35分（统计时段尚未结束），哈尔滨市无新增本土新冠病毒阳性感染者。" + NothingElse("3时35分"), text);
        Assert.DoesNotContain("24时", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ThePeriodIsWrittenInLocalTimeWhateverTheOffsetOfTheFigures()
    {
        // 2022-11-28T16:00Z is 29 November 00:00 in Harbin; 07:00Z is 15:00.
        var figures = Figures(0, 0, [], [], start: new DateTimeOffset(2022, 11, 28, 16, 0, 0, TimeSpan.Zero), end: new DateTimeOffset(2022, 11, 29, 7, 0, 0, TimeSpan.Zero));

        var text = BulletinText.Write(figures, Shanghai);

        Assert.Equal("2022年11月29日0-15时，哈尔滨市无新增本土新冠病毒阳性感染者。截至11月29日15时，累计排查密切接触者0人，密切接触者的密切接触者0人，已全部进行隔离管控。" + NoContacts, text);
    }

    [Theory]
    [InlineData("2022-12-01T15:00:00+08:00", "2022-12-01T15:00:00+08:00", true)]   // asked at the end: ended
    [InlineData("2022-12-02T08:00:00+08:00", "2022-12-01T15:00:00+08:00", true)]   // asked the next day
    [InlineData("2022-12-01T03:35:59+08:00", "2022-12-01T03:35:59+08:00", false)]  // asked at 03:35:59: until now
    [InlineData("2022-11-30T20:35:59Z", "2022-12-01T04:35:59+08:00", false)]      // the clock's offset does not matter
    [InlineData("2022-12-01T00:00:00+08:00", "2022-12-01T00:00:00+08:00", false)]  // at midnight: an empty period so far
    public void ABulletinPeriodRunsUntilTheHourAskedOrUntilNowWhenThatHasNotCome(string now, string end, bool ended)
    {
        var period = BulletinPeriod.Of(new DateOnly(2022, 12, 1), TimeSpan.FromHours(15), Shanghai, DateTimeOffset.Parse(now, CultureInfo.InvariantCulture));

        Assert.Equal(new BulletinPeriod(DayStart, DateTimeOffset.Parse(end, CultureInfo.InvariantCulture), ended), period);
    }

    [Fact]
    public void ADayThatHasNotBegunHasNoPeriod()
    {
        Assert.Null(BulletinPeriod.Of(new DateOnly(2022, 12, 2), TimeSpan.FromHours(24), Shanghai, China(2022, 12, 1, 23, 59)));
    }

    [Fact]
    public void EachClassIsBrokenDownOnItsOwnConfirmedFirstAndClassesWithoutCasesAreLeftOut()
    {
        var classes = BulletinOrder.Classes(
            new Dictionary<(string, string), int>
            {
                [(Classifications.Asymptomatic, "isolation")] = 2, [(Classifications.Asymptomatic, "care-seeking")] = 3, [(Classifications.Confirmed, "arrival-test")] = 1,
            },
            new Dictionary<(string, string), int>
            {
                [(Classifications.Asymptomatic, "wuchang")] = 3, [(Classifications.Asymptomatic, "daoli")] = 2, [(Classifications.Confirmed, "bin")] = 1,
            });

        Assert.Equal([Classifications.Confirmed, Classifications.Asymptomatic], classes.Select(c => c.Classification));
        Assert.Equal([1, 5], classes.Select(c => c.Count));
        Assert.Equal([Channel("care-seeking", 3), Channel("isolation", 2)], classes[1].ByChannel);
        Assert.Equal([District("wuchang", 3), District("daoli", 2)], classes[1].ByDistrict);
        Assert.Empty(BulletinOrder.Classes(new Dictionary<(string, string), int>(), new Dictionary<(string, string), int>()));
    }

    [Fact]
    public void TiesAreWrittenInTheOfficialOrderWithDistrictsBeforeCountiesAndChannelsInTheTableOrder()
    {
        var channels = BulletinOrder.Channels(new Dictionary<string, int>
        {
            ["care-seeking"] = 2, ["contact-screening"] = 2, ["community-screening"] = 3, ["isolation"] = 3, ["arrival-test"] = 2,
        });
        var districts = BulletinOrder.Districts(new Dictionary<string, int>
        {
            ["yilan"] = 2, ["shangzhi"] = 3, ["daowai"] = 2, ["nangang"] = 3, ["wuchang"] = 1, ["daoli"] = 1,
        });
        var figures = Figures(9, 3, channels, districts);

        var text = BulletinText.Write(figures, Shanghai);

        Assert.Equal(
            "2022年12月1日0-15时，哈尔滨市新增本土新冠病毒阳性感染者12例，其中确诊病例9例，无症状感染者3例。"
            + "隔离管控人员中发现3例，社区筛查发现3例，密切接触者筛查发现2例，落地检2例，发热门诊就诊发现2例。"
            + "南岗区3例，尚志市3例，道外区2例，依兰县2例，道里区1例，五常市1例。"
            + NothingElse(),
            text);
    }

    [Fact]
    public void ChannelsAreOrderedLargestFirstThenInTheTableOrderAndZeroChannelsAreLeftOut()
    {
        var counts = new Dictionary<string, int>
        {
            ["care-seeking"] = 1,
            ["arrival-test"] = 1,
            ["cross-region-assist"] = 1,
            ["open-key-population"] = 1,
            ["closed-loop-key-population"] = 4,
            ["contact-screening"] = 0,
            ["community-screening"] = 1,
            ["isolation"] = 1,
        };

        var ordered = BulletinOrder.Channels(counts);

        Assert.Equal(
            [
                new LabeledCount("closed-loop-key-population", "闭环管理重点人员筛查发现", 4),
                new LabeledCount("isolation", "隔离管控人员中发现", 1),
                new LabeledCount("community-screening", "社区筛查发现", 1),
                new LabeledCount("open-key-population", "非闭环管理重点人员筛查发现", 1),
                new LabeledCount("cross-region-assist", "跨区域协查发现", 1),
                new LabeledCount("arrival-test", "落地检", 1),
                new LabeledCount("care-seeking", "发热门诊就诊发现", 1),
            ],
            ordered);
    }

    [Fact]
    public void DistrictsAreOrderedLargestFirstThenInTheOfficialOrderWithDistrictsBeforeCountiesAndCities()
    {
        var counts = new Dictionary<string, int>
        {
            ["wuchang"] = 2,
            ["yilan"] = 2,
            ["daowai"] = 2,
            ["shangzhi"] = 2,
            ["shuangcheng"] = 2,
            ["bin"] = 2,
            ["daoli"] = 2,
            ["xiangfang"] = 7,
            ["hulan"] = 0,
        };

        var ordered = BulletinOrder.Districts(counts);

        Assert.Equal(
            [
                new LabeledCount("xiangfang", "香坊区", 7),
                new LabeledCount("daoli", "道里区", 2),
                new LabeledCount("daowai", "道外区", 2),
                new LabeledCount("shuangcheng", "双城区", 2),
                new LabeledCount("yilan", "依兰县", 2),
                new LabeledCount("bin", "宾县", 2),
                new LabeledCount("shangzhi", "尚志市", 2),
                new LabeledCount("wuchang", "五常市", 2),
            ],
            ordered);
    }

    [Fact]
    public void EveryDistrictTiedIsListedInTheOfficialOrder()
    {
        var counts = Districts.All.Reverse().ToDictionary(d => d.Code, _ => 1);

        var ordered = BulletinOrder.Districts(counts);

        Assert.Equal(
            "道里区 南岗区 道外区 平房区 松北区 香坊区 呼兰区 阿城区 双城区 依兰县 方正县 宾县 巴彦县 木兰县 通河县 延寿县 尚志市 五常市",
            string.Join(' ', ordered.Select(d => d.Label)));
    }

    [Fact]
    public void NothingCountedGivesEmptyOrderings()
    {
        Assert.Empty(BulletinOrder.Channels(new Dictionary<string, int>()));
        Assert.Empty(BulletinOrder.Districts(new Dictionary<string, int>()));
    }
}
