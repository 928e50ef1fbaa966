using System.Collections;

namespace ContactTrace;

/// <summary>
/// The API's one field-error collector: per-field messages, in the order found; empty means valid. Field names are
/// the JSON (camelCase) names. The rules every endpoint shares are phrased here once — ids, district codes, texts,
/// and reported times (<see cref="IsoTime"/>, not in the future, not more than a year old) — for the validators of
/// the domain and the handlers of the host alike; the host turns it into a validation problem.
/// </summary>
public sealed class FieldErrors : IEnumerable<FieldError>
{
    public const string IdRule = "must be 1-64 characters of A-Z a-z 0-9 . _ : -";

    public const string TimeRule = "must be an ISO-8601 timestamp with offset";

    /// <summary>How far a reported time may lie ahead of now (clocks differ).</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    /// <summary>How far back a case's or a contact's times may lie: tracing is about the last weeks, not decades.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(366);

    private readonly List<FieldError> _errors = [];

    public bool IsEmpty => _errors.Count == 0;

    public int Count => _errors.Count;

    public FieldErrors Add(string field, string message)
    {
        _errors.Add(new FieldError(field, message));
        return this;
    }

    public FieldErrors RequireId(string field, string? value) => IdProblem(field, value) is { } problem ? Add(problem.Field, problem.Message) : this;

    public FieldErrors OptionalId(string field, string? value) => value is null ? this : RequireId(field, value);

    public FieldErrors RequireDistrict(string field, string? value)
    {
        if (value is null)
        {
            return Add(field, "is required");
        }

        return Districts.IsKnown(value) ? this : Add(field, $"'{Truncate(value)}' is not a district code; expected one of {string.Join(", ", Districts.All.Select(d => d.Code))}");
    }

    public FieldErrors RequireText(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Add(field, "is required");
        }

        return OptionalText(field, value, maxLength);
    }

    public FieldErrors OptionalText(string field, string? value, int maxLength) => value switch
    {
        null => this,
        _ when value.Length > maxLength => Add(field, $"must be at most {maxLength} characters"),
        _ when value.Any(char.IsControl) => Add(field, "must not contain control characters"),
        _ => this,
    };

    /// <summary>
    /// A reported time: ISO-8601 with an offset, at most <see cref="FutureTolerance"/> after <paramref name="now"/>
    /// and at most <see cref="MaxAge"/> before it; <c>null</c> (with the field's error) when it is not, or when it is
    /// absent and <paramref name="required"/>.
    /// </summary>
    public DateTimeOffset? Time(string field, string? text, DateTimeOffset now, bool required = true)
    {
        if (text is null)
        {
            if (required)
            {
                Add(field, "is required");
            }

            return null;
        }

        if (!IsoTime.TryParse(text, out var time))
        {
            Add(field, TimeRule);
            return null;
        }

        if (time > now + FutureTolerance)
        {
            Add(field, "is in the future");
            return null;
        }

        if (time < now - MaxAge)
        {
            Add(field, "is more than a year in the past");
            return null;
        }

        return time;
    }

    /// <summary>The messages by field, in the order the fields were first named.</summary>
    public IReadOnlyDictionary<string, string[]> ByField() =>
        _errors.GroupBy(e => e.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);

    /// <summary>What is wrong with an id, if anything: the first failure of a record that is rejected on its first.</summary>
    public static FieldError? IdProblem(string field, string? id) => id switch
    {
        null => new FieldError(field, "is required"),
        _ when !Ids.IsValid(id) => new FieldError(field, IdRule),
        _ => null,
    };

    /// <summary>What is wrong with a required time's format, if anything; <paramref name="time"/> is the time when nothing is.</summary>
    public static FieldError? TimeProblem(string field, string? text, out DateTimeOffset time) =>
        IsoTime.TryParse(text, out time) ? null : new FieldError(field, text is null ? "is required" : TimeRule);

    public IEnumerator<FieldError> GetEnumerator() => _errors.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static string Truncate(string value) => value.Length <= 32 ? value : value[..32] + "…";
}

/// <summary>One thing wrong with a request or a record: the JSON name of the field, and what is wrong with it.</summary>
public readonly record struct FieldError(string Field, string Message);
