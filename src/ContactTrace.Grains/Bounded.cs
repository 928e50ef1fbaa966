namespace ContactTrace.Grains;

/// <summary>
/// Runs an async step for many items with at most <c>degree</c> in flight, on the calling grain's scheduler
/// (unlike <c>Parallel.ForEachAsync</c>, which would leave the grain's context).
/// </summary>
internal static class Bounded
{
    public static async Task ForEachAsync<T>(IEnumerable<T> items, int degree, Func<T, Task> step)
    {
        var inFlight = new List<Task>(degree);
        foreach (var item in items)
        {
            if (inFlight.Count == degree)
            {
                var done = await Task.WhenAny(inFlight);
                inFlight.Remove(done);
                await done;
            }

            inFlight.Add(step(item));
        }

        await Task.WhenAll(inFlight);
    }
}
