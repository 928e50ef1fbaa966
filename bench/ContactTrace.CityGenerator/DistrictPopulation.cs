namespace ContactTrace.CityGenerator;

/// <summary>
/// Where people live: Harbin's resident population by unit, in thousands (rounded from the 2020 census), in the
/// official order of <see cref="Districts.All"/>. The six main urban districts hold a little over half the city.
/// </summary>
internal static class DistrictPopulation
{
    public static ImmutableArray<double> Thousands { get; } =
    [
        1_366, // daoli
        1_594, // nangang
        880, // daowai
        233, // pingfang
        449, // songbei
        1_210, // xiangfang
        622, // hulan
        455, // acheng
        614, // shuangcheng
        260, // yilan
        163, // fangzheng
        474, // bin
        493, // bayan
        200, // mulan
        160, // tonghe
        180, // yanshou
        446, // shangzhi
        689, // wuchang
    ];

    /// <summary>The busiest venues sit in the main urban districts: elsewhere a venue's rank is pushed down.</summary>
    public const double OutlyingRankPenalty = 10.0;

    public static WeightedPicker CreatePicker() =>
        WeightedPicker.Create(Enumerable.Range(0, Districts.All.Length).Select(i => (i, Thousands[i])))
        ?? throw new InvalidOperationException("No district has people.");
}
