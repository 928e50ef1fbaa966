namespace ContactTrace.Reports;

/// <summary>One classification's new cases with their own breakdown, for the bulletin that breaks each class down on its own.</summary>
public sealed record class ClassificationCounts(
    string Classification,
    int Count,
    ImmutableArray<LabeledCount> ByChannel,
    ImmutableArray<LabeledCount> ByDistrict);
