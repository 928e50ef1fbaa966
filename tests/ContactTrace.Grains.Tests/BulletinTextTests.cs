using ContactTrace.Cases;
using ContactTrace.Reports;

namespace ContactTrace.Grains.Tests;

/// <summary>
/// The daily bulletin's paragraph and orderings as pure code: hand-built figures and the paragraph the press office
/// reads out, word for word — the DESIGN.md example, empty parts, a day without cases, conversions, the whole day,
/// and ties between channels and between districts, counties and county-level cities.
/// </summary>
public sealed class BulletinTextTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    private static readonly DateTimeOffset DayStart = new(2022, 12, 1, 0, 0, 0, China);

    private static readonly DateTimeOffset Until15 = new(2022, 12, 1, 15, 0, 0, China);

    private const string NoContacts = "新判定密切接触者0人、次密切接触者0人；在管密切接触者0人、次密切接触者0人。集中隔离0人，居家隔离0人，待安置0人。";

    private const string Transfer = "以上感染者均已转运至定点医院隔离治疗。";

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
        DateTimeOffset? end = null) =>
        new(DayStart, end ?? Until15, confirmed, asymptomatic, converted, byChannel, byDistrict, 0, 0, 0, 0, 0, 0, 0);

    [Fact]
    public void TheDesignExampleIsWrittenWordForWord()
    {
        var figures = new BulletinFigures(DayStart, Until15, 2, 5, 0,
            [Channel("isolation", 4), Channel("community-screening", 3)],
            [District("nangang", 4), District("daoli", 3)],
            CloseIdentified: 120, SecondaryIdentified: 45, CloseUnderManagement: 1791, SecondaryUnderManagement: 4122,
            Centralized: 1500, Home: 4413, AwaitingCapacity: 12);

        var text = BulletinText.Write(figures, Shanghai);

        Assert.Equal(
            "2022年12月1日0-15时，哈尔滨市新增本土新冠病毒阳性感染者7例，其中确诊病例2例，无症状感染者5例。隔离管控人员中发现4例，社区筛查发现3例。南岗区4例，道里区3例。"
            + "以上感染者均已转运至定点医院隔离治疗。"
            + "新判定密切接触者120人、次密切接触者45人；在管密切接触者1791人、次密切接触者4122人。"
            + "集中隔离1500人，居家隔离4413人，待安置12人。",
            text);
    }

    [Fact]
    public void ADayWithoutAsymptomaticCasesLeavesThatPartOut()
    {
        var figures = Figures(3, 0, [Channel("community-screening", 2), Channel("care-seeking", 1)], [District("daowai", 3)]);

        var text = BulletinText.Write(figures, Shanghai);

        Assert.Equal(
            "2022年12月1日0-15时，哈尔滨市新增本土新冠病毒阳性感染者3例，均为确诊病例。社区筛查发现2例，发热门诊就诊发现1例。道外区3例。" + Transfer + NoContacts,
            text);
    }

    [Fact]
    public void ADayWithOnlyAsymptomaticCasesLeavesTheConfirmedPartOut()
    {
        var figures = Figures(0, 4, [Channel("isolation", 4)], [District("songbei", 3), District("wuchang", 1)]);

        var text = BulletinText.Write(figures, Shanghai);

        Assert.Equal(
            "2022年12月1日0-15时，哈尔滨市新增本土新冠病毒阳性感染者4例，均为无症状感染者。隔离管控人员中发现4例。松北区3例，五常市1例。" + Transfer + NoContacts,
            text);
    }

    [Fact]
    public void ADayWithoutAnyCaseSaysSoAndStillGivesContactsAndIsolation()
    {
        var figures = new BulletinFigures(DayStart, Until15, 0, 0, 0, [], [], 3, 7, 250, 600, 240, 610, 0);

        var text = BulletinText.Write(figures, Shanghai);

        Assert.Equal(
            "2022年12月1日0-15时，哈尔滨市无新增本土新冠病毒阳性感染者。"
            + "新判定密切接触者3人、次密切接触者7人；在管密切接触者250人、次密切接触者600人。集中隔离240人，居家隔离610人，待安置0人。",
            text);
    }

    [Fact]
    public void AConversionIsCountedApartAfterTheNewCases()
    {
        var figures = Figures(1, 1, [Channel("isolation", 1), Channel("arrival-test", 1)], [District("xiangfang", 1), District("bin", 1)], converted: 2);

        var text = BulletinText.Write(figures, Shanghai);

        Assert.Equal(
            "2022年12月1日0-15时，哈尔滨市新增本土新冠病毒阳性感染者2例，其中确诊病例1例，无症状感染者1例。隔离管控人员中发现1例，落地检1例。香坊区1例，宾县1例。"
            + Transfer + "另有2例无症状感染者转为确诊病例。" + NoContacts,
            text);
    }

    [Fact]
    public void AConversionOnADayWithoutNewCasesIsStillReported()
    {
        var figures = Figures(0, 0, [], [], converted: 1);

        var text = BulletinText.Write(figures, Shanghai);

        Assert.Equal("2022年12月1日0-15时，哈尔滨市无新增本土新冠病毒阳性感染者。另有1例无症状感染者转为确诊病例。" + NoContacts, text);
    }

    [Fact]
    public void TheWholeDayRunsFrom0To24()
    {
        var figures = Figures(1, 0, [Channel("community-screening", 1)], [District("hulan", 1)], end: new DateTimeOffset(2022, 12, 2, 0, 0, 0, China));

        var text = BulletinText.Write(figures, Shanghai);

        Assert.Equal(
            "2022年12月1日0-24时，哈尔滨市新增本土新冠病毒阳性感染者1例，均为确诊病例。社区筛查发现1例。呼兰区1例。" + Transfer + NoContacts,
            text);
    }

    [Fact]
    public void ThePeriodIsWrittenInLocalTimeWhateverTheOffsetOfTheFigures()
    {
        // 2022-11-28T16:00Z is 29 November 00:00 in Harbin; 07:00Z is 15:00.
        var figures = new BulletinFigures(
            new DateTimeOffset(2022, 11, 28, 16, 0, 0, TimeSpan.Zero), new DateTimeOffset(2022, 11, 29, 7, 0, 0, TimeSpan.Zero),
            0, 0, 0, [], [], 0, 0, 0, 0, 0, 0, 0);

        var text = BulletinText.Write(figures, Shanghai);

        Assert.Equal("2022年11月29日0-15时，哈尔滨市无新增本土新冠病毒阳性感染者。" + NoContacts, text);
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
            + Transfer + NoContacts,
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
