using System.Globalization;
using System.Text;
using ContactTrace.Cases;

namespace ContactTrace.Reports;

/// <summary>How the bulletin breaks down a day with both classes: all cases together, or each class on its own.</summary>
public enum BulletinBreakdown
{
    Combined,
    ByClass,
}

/// <summary>
/// The paragraph the press office reads out, written from the figures as pure code, in the phrasing the seed
/// bulletins use for each mix of the day (DESIGN.md, "Daily bulletin"):
/// both classes — "新增本土新冠病毒阳性感染者59例，其中确诊病例54例，无症状感染者5例。" then channels, then districts, or
/// with <see cref="BulletinBreakdown.ByClass"/> each class with its own districts (、) and channels;
/// one class only — the class in the headline, "新增本土新冠病毒无症状感染者126例。其中，…";
/// a single case — its district, "无新增本土新冠肺炎确诊病例；新增本土无症状感染者1例，在平房区。";
/// none — "无新增本土新冠病毒阳性感染者。"
/// Then conversions, the cumulative contacts line as published ("截至11月2日24时，累计排查密切接触者1791人，
/// 密切接触者的密切接触者4122人，已全部进行隔离管控。"), the period's contacts and isolation. The period is given in
/// local time with the year; a period that has not ended says so and never reads "0-24时".
/// </summary>
public static class BulletinText
{
    public const string City = "哈尔滨市";

    /// <summary>Follows the period of a bulletin asked for before its period ended (it runs until the moment asked).</summary>
    public const string NotEnded = "（统计时段尚未结束）";

    public static string Write(BulletinFigures figures, TimeZoneInfo zone, BulletinBreakdown breakdown = BulletinBreakdown.Combined, bool ended = true)
    {
        var start = TimeZoneInfo.ConvertTime(figures.PeriodStart, zone);
        var end = TimeZoneInfo.ConvertTime(figures.PeriodEnd, zone);
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{start.Year}年{start.Month}月{start.Day}日{start.Hour}-{Clock(start, end)}")
            .Append(ended ? "" : NotEnded)
            .Append('，').Append(City)
            .Append(NewCases(figures, breakdown));
        if (figures.ConvertedToConfirmed > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"另有{figures.ConvertedToConfirmed}例无症状感染者转为确诊病例。");
        }

        return text.Append(Cumulative(figures, start, end)).Append(Contacts(figures)).Append(Isolation(figures)).ToString();
    }

    private static string NewCases(BulletinFigures f, BulletinBreakdown breakdown) => (f.Confirmed, f.Asymptomatic) switch
    {
        (0, 0) => "无新增本土新冠病毒阳性感染者。",
        (1, 0) => $"新增本土新冠肺炎确诊病例1例{InDistrict(f)}；无新增本土无症状感染者。",
        (0, 1) => $"无新增本土新冠肺炎确诊病例；新增本土无症状感染者1例{InDistrict(f)}。",
        (var confirmed, 0) => Invariant($"新增本土新冠肺炎确诊病例{confirmed}例。其中，") + Sentence(f.ByChannel, '，') + Sentence(f.ByDistrict, '，'),
        (0, var asymptomatic) => Invariant($"新增本土新冠病毒无症状感染者{asymptomatic}例。其中，") + Sentence(f.ByChannel, '，') + Sentence(f.ByDistrict, '，'),
        _ when breakdown == BulletinBreakdown.ByClass =>
            Invariant($"新增本土新冠病毒阳性感染者{f.Total}例，其中") + string.Concat(f.ByClassification.Select(EachClass)),
        _ => Invariant($"新增本土新冠病毒阳性感染者{f.Total}例，其中确诊病例{f.Confirmed}例，无症状感染者{f.Asymptomatic}例。")
            + Sentence(f.ByChannel, '，') + Sentence(f.ByDistrict, '，'),
    };

    // "确诊病例6例，南岗区5例、香坊区1例；社区筛查发现3例，…。": the class, its districts, then its channels.
    private static string EachClass(ClassificationCounts c) =>
        Invariant($"{(c.Classification == Classifications.Confirmed ? "确诊病例" : "无症状感染者")}{c.Count}例，")
        + Join(c.ByDistrict, '、') + (c.ByDistrict.IsEmpty ? "" : "；") + Join(c.ByChannel, '，') + "。";

    private static string InDistrict(BulletinFigures f) => f.ByDistrict is [var district] ? $"，在{district.Label}" : "";

    private static string Sentence(IEnumerable<LabeledCount> counts, char separator) => Join(counts, separator) is { Length: > 0 } list ? list + "。" : "";

    private static string Join(IEnumerable<LabeledCount> counts, char separator) =>
        string.Join(separator, counts.Select(c => Invariant($"{c.Label}{c.Count}例")));

    // "截至11月2日24时，累计排查密切接触者1791人，密切接触者的密切接触者4122人，已全部进行隔离管控。" — all of them only
    // when nobody waits for a room at the period's end.
    private static string Cumulative(BulletinFigures f, DateTimeOffset start, DateTimeOffset end)
    {
        var day = end.Date > start.Date && end.TimeOfDay == TimeSpan.Zero ? start : end;
        var isolated = f.AwaitingCapacity == 0 ? "已全部进行隔离管控。" : Invariant($"除待安置的{f.AwaitingCapacity}人外，已全部进行隔离管控。");
        return Invariant($"截至{day.Month}月{day.Day}日{Clock(start, end)}，累计排查密切接触者{f.CumulativeCloseIdentified}人，密切接触者的密切接触者{f.CumulativeSecondaryIdentified}人，{isolated}");
    }

    // The end as the bulletin writes it: "15时", "3时35分", and "24时" for the midnight that closes the day.
    private static string Clock(DateTimeOffset start, DateTimeOffset end) =>
        end.Date > start.Date && end.TimeOfDay == TimeSpan.Zero ? "24时"
        : end.Minute == 0 ? Invariant($"{end.Hour}时")
        : Invariant($"{end.Hour}时{end.Minute}分");

    private static string Contacts(BulletinFigures f) => Invariant(
        $"新判定密切接触者{f.CloseIdentified}人、次密切接触者{f.SecondaryIdentified}人；在管密切接触者{f.CloseUnderManagement}人、次密切接触者{f.SecondaryUnderManagement}人。");

    private static string Isolation(BulletinFigures f) => Invariant(
        $"集中隔离{f.Centralized}人，居家隔离{f.Home}人，待安置{f.AwaitingCapacity}人。");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
