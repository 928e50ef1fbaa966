using ContactTrace.Reports;

namespace ContactTrace.Host.Model;

/// <summary>The answer of <c>GET /api/reports/daily</c>, as API.md shapes it.</summary>
public sealed record class DailyReportView(DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd, NewCasesView NewCases, ContactFiguresView Contacts, IsolationFiguresView Isolation)
{
    public static DailyReportView Of(BulletinFigures f) => new(
        f.PeriodStart,
        f.PeriodEnd,
        new NewCasesView(f.Total, f.Confirmed, f.Asymptomatic, f.ConvertedToConfirmed,
            [.. f.ByChannel.Select(c => new ChannelCountView(c.Code, c.Label, c.Count))],
            [.. f.ByDistrict.Select(d => new DistrictCountView(d.Code, d.Label, d.Count))]),
        new ContactFiguresView(f.CloseIdentified, f.SecondaryIdentified, f.CloseUnderManagement, f.SecondaryUnderManagement),
        new IsolationFiguresView(f.Centralized, f.Home, f.AwaitingCapacity));
}
