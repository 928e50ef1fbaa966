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

    /// <summary>Each classification with new cases (confirmed first), broken down on its own.</summary>
    public ImmutableArray<ClassificationCounts> ByClassification { get; init; } = [];

    /// <summary>Close contacts identified from the start until the period's end (the bulletin's 累计排查密切接触者).</summary>
    public int CumulativeCloseIdentified { get; init; }

    /// <summary>Contacts of close contacts identified until the period's end (密切接触者的密切接触者).</summary>
    public int CumulativeSecondaryIdentified { get; init; }
}

/// <summary>One classification's new cases with their own breakdown, for the bulletin that breaks each class down on its own.</summary>
public sealed record class ClassificationCounts(
    string Classification,
    int Count,
    ImmutableArray<LabeledCount> ByChannel,
    ImmutableArray<LabeledCount> ByDistrict);

/// <summary>A count under a code and its bulletin label (a discovery channel, a district).</summary>
public sealed record class LabeledCount(string Code, string Label, int Count);
