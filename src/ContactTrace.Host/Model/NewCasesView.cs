namespace ContactTrace.Host.Model;

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
