using System.Collections;

namespace ContactTrace.CityGenerator;

/// <summary>
/// A read-only list whose items are built when read, so that a city of millions keeps compact arrays instead
/// of millions of records and strings.
/// </summary>
internal sealed class ComputedList<T>(int count, Func<int, T> itemAt) : IReadOnlyList<T>
{
    public int Count => count;

    public T this[int index] =>
        (uint)index < (uint)count ? itemAt(index) : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<T> GetEnumerator()
    {
        for (var i = 0; i < count; i++)
        {
            yield return itemAt(i);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
