using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ContactTrace.Host.Scans;

/// <summary>
/// Reads a batch of records (scans, test results) as a JSON array or as NDJSON (one record per line), streaming,
/// and stops as soon as the batch is larger than allowed. A line of NDJSON that is not a record becomes that
/// record's rejection (the record is read as <c>empty</c>); a JSON array that does not parse fails as a whole,
/// naming where.
/// </summary>
internal static class BatchBodyReader
{
    public const string NdjsonMediaType = "application/x-ndjson";

    public static async Task<BatchBody<T>> ReadAsync<T>(HttpRequest request, int maxRecords, JsonTypeInfo<T> type, T empty, string noun, CancellationToken cancellationToken)
        where T : class
    {
        var isNdjson = request.ContentType?.StartsWith(NdjsonMediaType, StringComparison.OrdinalIgnoreCase) == true;
        return isNdjson
            ? await ReadNdjsonAsync(request.Body, maxRecords, type, empty, noun, cancellationToken)
            : await ReadArrayAsync(request.Body, maxRecords, type, empty, noun, cancellationToken);
    }

    private static async Task<BatchBody<T>> ReadArrayAsync<T>(Stream body, int maxRecords, JsonTypeInfo<T> type, T empty, string noun, CancellationToken cancellationToken)
        where T : class
    {
        var records = new List<T>();
        var malformed = new List<(int, string)>();
        try
        {
            await foreach (var record in JsonSerializer.DeserializeAsyncEnumerable(body, type, cancellationToken))
            {
                if (records.Count >= maxRecords)
                {
                    return BatchBody<T>.TooLarge(maxRecords);
                }

                if (record is null)
                {
                    malformed.Add((records.Count, "the record must be a JSON object"));
                    records.Add(empty);
                    continue;
                }

                records.Add(record);
            }
        }
        catch (JsonException exception)
        {
            return BatchBody<T>.Unreadable(FieldOf(exception.Path), $"is not a JSON array of {noun} records with text fields");
        }

        return new BatchBody<T>(records, malformed, null);
    }

    private static async Task<BatchBody<T>> ReadNdjsonAsync<T>(Stream body, int maxRecords, JsonTypeInfo<T> type, T empty, string noun, CancellationToken cancellationToken)
        where T : class
    {
        var records = new List<T>();
        var malformed = new List<(int, string)>();
        using var reader = new StreamReader(body);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (records.Count >= maxRecords)
            {
                return BatchBody<T>.TooLarge(maxRecords);
            }

            var record = TryParseLine(line, type);
            if (record is null)
            {
                malformed.Add((records.Count, $"the line is not a JSON {noun} record"));
                record = empty;
            }

            records.Add(record);
        }

        return new BatchBody<T>(records, malformed, null);
    }

    private static T? TryParseLine<T>(string line, JsonTypeInfo<T> type) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(line, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string FieldOf(string? path) => path is null or "$" ? "body" : path.TrimStart('$').TrimStart('.');
}

/// <summary>A read batch: its records, the positions that could not even be read (and why), or why the body as a whole failed.</summary>
internal sealed record class BatchBody<T>(IReadOnlyList<T> Records, IReadOnlyList<(int Index, string Message)> Malformed, ScanBodyProblem? Problem)
{
    public static BatchBody<T> TooLarge(int maxRecords) =>
        new([], [], new ScanBodyProblem(StatusCodes.Status413PayloadTooLarge, "body", $"holds more than {maxRecords} records; split it into batches"));

    public static BatchBody<T> Unreadable(string field, string message) =>
        new([], [], new ScanBodyProblem(StatusCodes.Status400BadRequest, field, message));
}
