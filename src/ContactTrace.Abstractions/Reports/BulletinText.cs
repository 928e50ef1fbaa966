using System.Globalization;
using System.Text;

namespace ContactTrace.Reports;

/// <summary>
/// The paragraph the press office reads out, written from the figures as pure code, e.g.
/// "2022年12月1日0-15时，哈尔滨市新增本土新冠病毒阳性感染者7例，其中确诊病例2例，无症状感染者5例。隔离管控人员中发现4例，
/// 社区筛查发现3例。南岗区4例，道里区3例。以上感染者均已转运至定点医院隔离治疗。…"
/// A part that is zero is left out; the period is given in local time with the year.
/// </summary>
public static class BulletinText
{
    public const string City = "哈尔滨市";

    public static string Write(BulletinFigures figures, TimeZoneInfo zone)
    {
        var text = new StringBuilder();
        text.Append(Period(figures, zone)).Append('，').Append(City);
        if (figures.Total == 0)
        {
            text.Append("无新增本土新冠病毒阳性感染者。");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"新增本土新冠病毒阳性感染者{figures.Total}例，").Append(Split(figures)).Append('。');
            text.Append(List(figures.ByChannel)).Append(List(figures.ByDistrict));
            text.Append("以上感染者均已转运至定点医院隔离治疗。");
        }

        if (figures.ConvertedToConfirmed > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"另有{figures.ConvertedToConfirmed}例无症状感染者转为确诊病例。");
        }

        text.Append(Contacts(figures)).Append(Isolation(figures));
        return text.ToString();
    }

    private static string Period(BulletinFigures figures, TimeZoneInfo zone)
    {
        var start = TimeZoneInfo.ConvertTime(figures.PeriodStart, zone);
        var end = TimeZoneInfo.ConvertTime(figures.PeriodEnd, zone);
        var endHours = end.Date > start.Date ? 24 : end.Hour;
        var endText = end.Minute == 0 || endHours == 24
            ? $"{endHours}时"
            : $"{end.Hour}时{end.Minute}分";
        return string.Create(CultureInfo.InvariantCulture, $"{start.Year}年{start.Month}月{start.Day}日{start.Hour}-{endText}");
    }

    private static string Split(BulletinFigures figures) => (figures.Confirmed, figures.Asymptomatic) switch
    {
        (> 0, > 0) => string.Create(CultureInfo.InvariantCulture, $"其中确诊病例{figures.Confirmed}例，无症状感染者{figures.Asymptomatic}例"),
        (> 0, _) => "均为确诊病例",
        _ => "均为无症状感染者",
    };

    private static string List(IEnumerable<LabeledCount> counts)
    {
        var parts = counts.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Label}{c.Count}例")).ToList();
        return parts.Count == 0 ? "" : string.Join('，', parts) + "。";
    }

    private static string Contacts(BulletinFigures f) => string.Create(CultureInfo.InvariantCulture,
        $"新判定密切接触者{f.CloseIdentified}人、次密切接触者{f.SecondaryIdentified}人；在管密切接触者{f.CloseUnderManagement}人、次密切接触者{f.SecondaryUnderManagement}人。");

    private static string Isolation(BulletinFigures f) => string.Create(CultureInfo.InvariantCulture,
        $"集中隔离{f.Centralized}人，居家隔离{f.Home}人，待安置{f.AwaitingCapacity}人。");
}
