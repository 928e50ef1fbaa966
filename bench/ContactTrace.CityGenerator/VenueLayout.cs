namespace ContactTrace.CityGenerator;

/// <summary>The venues with, per venue, the indexes of its kind in <see cref="VenueKindMix"/> and of its district.</summary>
internal sealed record class VenueLayout(ImmutableArray<Venue> Venues, int[] Kind, byte[] District)
{
    public static VenueLayout Generate(Random random, int count)
    {
        var kinds = new int[count];
        var districts = new byte[count];
        var kindPicker = VenueKindMix.CreateCountPicker();
        var districtPicker = DistrictPopulation.CreatePicker();
        for (var i = 0; i < count; i++)
        {
            // The first venues take every kind and every district once, so that a small city still has all of them.
            kinds[i] = i < VenueKindMix.All.Length ? i : kindPicker.Pick(random);
            districts[i] = (byte)(i < Districts.All.Length ? i : districtPicker.Pick(random));
        }

        var popularity = VenuePopularity.Generate(random, kinds, districts);
        var venues = Enumerable.Range(0, count).Select(i => CreateVenue(i, kinds[i], districts[i], popularity[i]));
        return new VenueLayout([.. venues], kinds, districts);
    }

    /// <summary>
    /// Venues weighted by popularity (or a function of it), optionally only some kinds and one district; null
    /// when none match.
    /// </summary>
    public WeightedPicker? CreatePicker(int? district = null, Func<VenueKindProfile, bool>? kind = null, Func<double, double>? weight = null) =>
        WeightedPicker.Create(Enumerable.Range(0, Venues.Length)
            .Where(i => (district is null || District[i] == district) && (kind is null || kind(VenueKindMix.All[Kind[i]])))
            .Select(i => (i, weight is null ? Venues[i].Popularity : weight(Venues[i].Popularity))));

    private static Venue CreateVenue(int index, int kind, int district, double popularity)
    {
        var profile = VenueKindMix.All[kind];
        var unit = Districts.All[district];
        var name = string.Create(CultureInfo.InvariantCulture, $"{unit.Label}{profile.Label}{index + 1}号");
        return new Venue(CityIds.Venue(index), name, unit.Code, profile.Kind, popularity);
    }
}
