namespace ContactTrace.CityGenerator;

/// <summary>
/// Household sizes 1–6 with the shares of China's 2020 census (25.4 % single-person, 29.7 % two, 20.9 % three,
/// 13.2 % four, 6.5 % five, 4.3 % six or more): a mean of about 2.6 members.
/// </summary>
internal static class HouseholdSizes
{
    private static readonly ImmutableArray<double> Shares = [25.4, 29.7, 20.9, 13.2, 6.5, 4.3];

    public static WeightedPicker CreatePicker() =>
        WeightedPicker.Create(Shares.Select((share, i) => (i + 1, share)))
        ?? throw new InvalidOperationException("No household size.");
}
