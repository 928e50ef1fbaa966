namespace ContactTrace.Bench.Commands.Trace;

/// <summary>Random persons of the city, each picked once, reproducibly from the seed.</summary>
internal sealed class CasePicker(City city, int seed)
{
    private readonly Random _random = new(unchecked(seed * 7919 + 17));
    private readonly HashSet<int> _used = [];

    public Person Next()
    {
        if (_used.Count >= city.Persons.Count)
        {
            throw new InvalidOperationException("Every person of the city is a case already.");
        }

        while (true)
        {
            var index = _random.Next(city.Persons.Count);
            if (_used.Add(index))
            {
                return city.Persons[index];
            }
        }
    }
}
