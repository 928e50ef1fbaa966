namespace ContactTrace.Bench.Hosting;

/// <summary>Reads samples out of the Prometheus text exposition format.</summary>
internal static class PrometheusText
{
    /// <summary>
    /// The sum of all samples of <paramref name="metric"/> (every label set, e.g. one per silo), or null when the
    /// text has none.
    /// </summary>
    public static double? Sum(string text, string metric)
    {
        double? sum = null;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            if (line.StartsWith(metric, StringComparison.Ordinal) && line.Length > metric.Length && line[metric.Length] is '{' or ' ')
            {
                sum = (sum ?? 0) + SampleValue(line);
            }
        }

        return sum;
    }

    private static double SampleValue(ReadOnlySpan<char> line)
    {
        // name{labels} value [timestamp]; label values may hold spaces, so start after the closing brace.
        var afterLabels = line.LastIndexOf('}') is var brace and >= 0 ? line[(brace + 1)..] : line[line.IndexOf(' ')..];
        var fields = afterLabels.Trim();
        var end = fields.IndexOf(' ');
        var value = end < 0 ? fields : fields[..end];
        return double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
