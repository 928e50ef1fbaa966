namespace ContactTrace.CityGenerator;

/// <summary>
/// The venue kinds of the city. Markets, supermarkets, stations and buses are few and draw many visits with a
/// steep fall-off (a handful are very busy); restaurants and small shops are many, each with few visits.
/// </summary>
internal static class VenueKindMix
{
    public static ImmutableArray<VenueKindProfile> All { get; } = Checked(
    [
        new("restaurant", "餐馆", 24, 17, 0.6, false),
        new("other", "商铺", 26, 14, 0.5, false),
        new("supermarket", "超市", 4, 12, 1.0, false),
        new("market", "农贸市场", 2, 10, 1.1, false),
        new("bus", "公交车", 6, 9, 0.8, false),
        new("taxi", "出租车", 8, 3, 0.3, false),
        new("station", "车站", 0.5, 4, 1.1, false),
        new("mall", "商场", 1, 6, 1.0, false),
        new("office", "写字楼", 10, 9, 0.7, true),
        new("classroom", "教室", 5, 4, 0.5, true),
        new("dormitory", "宿舍", 3, 2, 0.5, true),
        new("logistics-park", "物流园", 0.5, 2, 0.8, true),
        new("gym", "健身房", 2.5, 2, 0.6, false),
        new("entertainment", "娱乐场所", 2.5, 2, 0.7, false),
        new("bath-house", "洗浴中心", 2.5, 2, 0.7, false),
        new("hospital", "医院", 1.5, 2, 1.0, false),
    ]);

    public static WeightedPicker CreateCountPicker() =>
        WeightedPicker.Create(All.Select((profile, i) => (i, profile.CountShare)))
        ?? throw new InvalidOperationException("No venue kind.");

    /// <summary>Fails fast when the registry gains a kind this mix does not generate.</summary>
    private static ImmutableArray<VenueKindProfile> Checked(ImmutableArray<VenueKindProfile> mix)
    {
        var missing = VenueKinds.All.Except(mix.Select(p => p.Kind)).ToList();
        var unknown = mix.Select(p => p.Kind).Where(k => !VenueKinds.IsKnown(k)).ToList();
        if (missing.Count > 0 || unknown.Count > 0)
        {
            throw new InvalidOperationException(
                $"VenueKindMix is out of step with VenueKinds: missing [{string.Join(", ", missing)}], unknown [{string.Join(", ", unknown)}].");
        }

        return mix;
    }
}
