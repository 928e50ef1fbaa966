namespace ContactTrace.Host.Validation;

/// <summary>Collects per-field messages; empty means valid. Field names are the JSON (camelCase) names.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsEmpty => _errors.Count == 0;

    public FieldErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
        return this;
    }

    public FieldErrors RequireId(string field, string? value)
    {
        if (!Ids.IsValid(value))
        {
            Add(field, value is null ? "is required" : "must be 1-64 characters of A-Z a-z 0-9 . _ : -");
        }

        return this;
    }

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

    public ValidationProblem ToProblem() =>
        TypedResults.ValidationProblem(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()), title: "The request is not valid.");

    private static string Truncate(string value) => value.Length <= 32 ? value : value[..32] + "…";
}
