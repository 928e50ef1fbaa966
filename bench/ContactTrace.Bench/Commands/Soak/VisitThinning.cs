namespace ContactTrace.Bench.Commands.Soak;

/// <summary>
/// Makes the generator's fixed <see cref="SoakOptions.MaxVisitsPerDay"/> scans per person and day into 2 to 4: for
/// each person and day a reproducible draw decides how many visits to keep and which of the day's (in time order),
/// so the kept ones are spread over the day like the others. The stream stays in time order.
/// </summary>
internal static class VisitThinning
{
    // Masks over a person's 4 visits of a day (bit k: the k-th in time order), grouped by how many they keep.
    private static readonly int[][] MasksByKept =
    [
        [0b0011, 0b0101, 0b0110, 0b1001, 0b1010, 0b1100],
        [0b0111, 0b1011, 0b1101, 0b1110],
        [0b1111],
    ];

    public static IEnumerable<Scan> Thin(IEnumerable<Scan> day, int dayIndex, int persons, int seed)
    {
        var seen = new byte[persons];
        foreach (var scan in day)
        {
            var person = int.Parse(scan.PersonId.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture);
            var ordinal = seen[person]++;
            if ((Mask(person, dayIndex, seed) & (1 << ordinal)) != 0)
            {
                yield return scan;
            }
        }
    }

    private static int Mask(int person, int day, int seed)
    {
        var draw = Mix(unchecked(((ulong)(uint)seed << 32) ^ ((ulong)(uint)day << 24) ^ (uint)person));
        var masks = MasksByKept[(int)(draw % 3)];
        return masks[(int)(draw / 3 % (ulong)masks.Length)];
    }

    // SplitMix64's finalizer: a well-spread, process-independent draw from the key.
    private static ulong Mix(ulong z)
    {
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}
