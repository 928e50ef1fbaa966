namespace ContactTrace.Reports;

/// <summary>The figures of one bulletin period, already ordered as the bulletin reads them.</summary>
public sealed record class BulletinFigures(
    DateTimeOffset PeriodStart,
    DateTimeOffset PeriodEnd,
    int Confirmed,
    int Asymptomatic,
    int ConvertedToConfirmed,
    ImmutableArray<LabeledCount> ByChannel,
    ImmutableArray<LabeledCount> ByDistrict,
    int CloseIdentified,
    int SecondaryIdentified,
    int CloseUnderManagement,
    int SecondaryUnderManagement,
    int Centralized,
    int Home,
    int AwaitingCapacity)
{
    public int Total => Confirmed + Asymptomatic;
}
