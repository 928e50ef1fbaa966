namespace ContactTrace.CityGenerator;

/// <summary>Draws an item with probability proportional to its weight: cumulative weights and a binary search.</summary>
public sealed class WeightedPicker
{
    private readonly int[] _items;
    private readonly double[] _cumulative;

    private WeightedPicker(int[] items, double[] cumulative)
    {
        _items = items;
        _cumulative = cumulative;
    }

    public int Count => _items.Length;

    /// <summary>Null when no item has a positive weight.</summary>
    public static WeightedPicker? Create(IEnumerable<(int Item, double Weight)> weighted)
    {
        var items = new List<int>();
        var cumulative = new List<double>();
        var total = 0.0;
        foreach (var (item, weight) in weighted)
        {
            if (weight > 0)
            {
                total += weight;
                items.Add(item);
                cumulative.Add(total);
            }
        }

        return items.Count == 0 ? null : new WeightedPicker([.. items], [.. cumulative]);
    }

    public int Pick(Random random)
    {
        var target = random.NextDouble() * _cumulative[^1];
        var index = Array.BinarySearch(_cumulative, target);
        // A miss returns the complement of the first larger entry, which is the bucket the target falls in.
        index = index < 0 ? ~index : index + 1;
        return _items[Math.Min(index, _items.Length - 1)];
    }
}
