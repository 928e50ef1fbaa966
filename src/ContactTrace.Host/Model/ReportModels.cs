using ContactTrace.Cases;
using ContactTrace.Reports;

namespace ContactTrace.Host.Model;

/// <summary>
/// The answer of <c>GET /api/reports/daily</c>, as API.md shapes it, plus <see cref="Complete"/>: false when the
/// period had not ended when asked, so that it runs until that moment (<see cref="PeriodEnd"/>).
/// </summary>
public sealed record class DailyReportView(
    DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd, bool Complete, NewCasesView NewCases, ContactFiguresView Contacts, IsolationFiguresView Isolation)
{
    public static DailyReportView Of(BulletinFigures f, bool complete) => new(
        f.PeriodStart,
        f.PeriodEnd,
        complete,
        new NewCasesView(f.Total, f.Confirmed, f.Asymptomatic, f.ConvertedToConfirmed, Channels(f.ByChannel), Districts(f.ByDistrict),
            [.. f.ByClassification.Select(c => new ClassificationCountView(c.Classification, c.Classification == Classifications.Confirmed ? "确诊病例" : "无症状感染者",
                c.Count, Channels(c.ByChannel), Districts(c.ByDistrict)))]),
        new ContactFiguresView(f.CloseIdentified, f.SecondaryIdentified, f.CloseUnderManagement, f.SecondaryUnderManagement,
            f.CumulativeCloseIdentified, f.CumulativeSecondaryIdentified),
        new IsolationFiguresView(f.Centralized, f.Home, f.AwaitingCapacity));

    private static ImmutableArray<ChannelCountView> Channels(ImmutableArray<LabeledCount> counts) => [.. counts.Select(c => new ChannelCountView(c.Code, c.Label, c.Count))];

    private static ImmutableArray<DistrictCountView> Districts(ImmutableArray<LabeledCount> counts) => [.. counts.Select(d => new DistrictCountView(d.Code, d.Label, d.Count))];
}

/// <summary>The period's new cases; <see cref="ByClassification"/> breaks each class down on its own.</summary>
public sealed record class NewCasesView(
    int Total,
    int Confirmed,
    int Asymptomatic,
    int ConvertedToConfirmed,
    ImmutableArray<ChannelCountView> ByChannel,
    ImmutableArray<DistrictCountView> ByDistrict,
    ImmutableArray<ClassificationCountView> ByClassification);

public sealed record class ClassificationCountView(
    string Classification, string Label, int Count, ImmutableArray<ChannelCountView> ByChannel, ImmutableArray<DistrictCountView> ByDistrict);

public sealed record class ChannelCountView(string Channel, string Label, int Count);

public sealed record class DistrictCountView(string District, string Label, int Count);

/// <summary>Contacts identified in the period and under management at its end; the cumulative figures count from the start until its end.</summary>
public sealed record class ContactFiguresView(
    int CloseIdentified,
    int SecondaryIdentified,
    int CloseUnderManagement,
    int SecondaryUnderManagement,
    int CumulativeCloseIdentified,
    int CumulativeSecondaryIdentified);

public sealed record class IsolationFiguresView(int Centralized, int Home, int AwaitingCapacity);
