namespace ContactTrace.CityGenerator;

/// <summary>
/// Derives independent <see cref="Random"/> seeds from the city seed (SplitMix64 finaliser), so that each day
/// can be generated on its own and in any order. <see cref="HashCode"/> is randomised per process: never use it here.
/// </summary>
internal static class Seeds
{
    public static int ForDay(int seed, int day) => Mix(unchecked(((ulong)(uint)seed << 32) | (uint)(day + 1)));

    private static int Mix(ulong z)
    {
        unchecked
        {
            z += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (int)(z & int.MaxValue);
        }
    }
}
