namespace ContactTrace.CityGenerator;

/// <summary>
/// Zipf-like popularity: within each kind the venues are ranked (busiest first, main urban districts favoured)
/// and the venue of rank r gets the kind's visit share times r^-s, normalised over the kind. A kind's venues
/// together receive exactly its visit share, however many of them the city has.
/// </summary>
internal static class VenuePopularity
{
    public static double[] Generate(Random random, int[] kinds, byte[] districts)
    {
        var sortKeys = new double[kinds.Length];
        for (var i = 0; i < kinds.Length; i++)
        {
            var penalty = Districts.All[districts[i]].IsMainUrban ? 1.0 : DistrictPopulation.OutlyingRankPenalty;
            sortKeys[i] = random.NextDouble() * penalty;
        }

        var popularity = new double[kinds.Length];
        for (var kind = 0; kind < VenueKindMix.All.Length; kind++)
        {
            AssignKind(kind, kinds, sortKeys, popularity);
        }

        return popularity;
    }

    private static void AssignKind(int kind, int[] kinds, double[] sortKeys, double[] popularity)
    {
        var profile = VenueKindMix.All[kind];
        var ranked = Enumerable.Range(0, kinds.Length)
            .Where(i => kinds[i] == kind)
            .OrderBy(i => sortKeys[i]).ThenBy(i => i)
            .ToArray();
        var norm = 0.0;
        for (var rank = 1; rank <= ranked.Length; rank++)
        {
            norm += Math.Pow(rank, -profile.ZipfExponent);
        }

        for (var rank = 1; rank <= ranked.Length; rank++)
        {
            popularity[ranked[rank - 1]] = profile.VisitShare * Math.Pow(rank, -profile.ZipfExponent) / norm;
        }
    }
}
