namespace ContactTrace.Bench.Cli;

/// <summary>
/// <c>--name value</c> options and <c>--flag</c> switches. Every option a command reads is marked used, so
/// <see cref="ThrowIfUnused"/> catches typos instead of silently running with defaults.
/// </summary>
public sealed class Arguments
{
    private readonly Dictionary<string, string?> _values;
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    private Arguments(Dictionary<string, string?> values) => _values = values;

    public static Arguments Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || args[i].Length == 2)
            {
                throw new UsageException($"unexpected argument '{args[i]}'.");
            }

            var hasValue = i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
            values[args[i][2..]] = hasValue ? args[++i] : null;
        }

        return new Arguments(values);
    }

    public bool Flag(string name)
    {
        if (!_values.TryGetValue(name, out var value))
        {
            return false;
        }

        _used.Add(name);
        return value is null ? true : throw new UsageException($"--{name} takes no value.");
    }

    public string? Text(string name)
    {
        if (!_values.TryGetValue(name, out var value))
        {
            return null;
        }

        _used.Add(name);
        return value ?? throw new UsageException($"--{name} needs a value.");
    }

    public string RequiredText(string name) => Text(name) ?? throw new UsageException($"--{name} is required.");

    public long Long(string name, long fallback, long min, long max)
    {
        if (Text(name) is not { } text)
        {
            return fallback;
        }

        var digits = text.Replace("_", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal);
        if (!long.TryParse(digits, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new UsageException($"--{name} must be a whole number from {min:N0} to {max:N0}, not '{text}'.");
        }

        return value;
    }

    public int Int(string name, int fallback, int min, int max) => (int)Long(name, fallback, min, max);

    /// <summary>A duration written with its unit, e.g. <c>90s</c>, <c>10m</c>, <c>1h</c> (see <see cref="Durations"/>).</summary>
    public TimeSpan Duration(string name, TimeSpan fallback, TimeSpan min, TimeSpan max)
    {
        if (Text(name) is not { } text)
        {
            return fallback;
        }

        return Durations.TryParse(text, out var value) && value >= min && value <= max
            ? value
            : throw new UsageException($"--{name} must be a duration from {Durations.Format(min)} to {Durations.Format(max)} with its unit (s, m or h), not '{text}'.");
    }

    public DateOnly? Date(string name) => Text(name) is not { } text
        ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new UsageException($"--{name} must be a date YYYY-MM-DD, not '{text}'.");

    public void ThrowIfUnused()
    {
        var unknown = _values.Keys.Where(k => !_used.Contains(k)).Select(k => "--" + k).ToList();
        if (unknown.Count > 0)
        {
            throw new UsageException($"unknown option(s) {string.Join(", ", unknown)}.");
        }
    }
}
