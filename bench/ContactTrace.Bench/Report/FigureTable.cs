namespace ContactTrace.Bench.Report;

/// <summary>A plain-text table of figures side by side: a label column and one column per contender.</summary>
internal sealed class FigureTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public FigureTable Add(params string[] cells)
    {
        _rows.Add(cells);
        return this;
    }

    public void Print(TextWriter writer)
    {
        var all = _rows.Prepend(headers).ToList();
        var widths = Enumerable.Range(0, headers.Length)
            .Select(c => all.Max(row => c < row.Length ? row[c].Length : 0))
            .ToArray();
        foreach (var (row, index) in all.Select((row, index) => (row, index)))
        {
            writer.WriteLine(string.Join("  ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
            if (index == 0)
            {
                writer.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
            }
        }
    }
}
