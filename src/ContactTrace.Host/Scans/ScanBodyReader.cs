using System.Text.Json;
using ContactTrace.Scans;

namespace ContactTrace.Host.Scans;

/// <summary>
/// Reads a scan batch as a JSON array or as NDJSON (one record per line), streaming, and stops as soon as the
/// batch is larger than allowed. A line of NDJSON that is not a record becomes that record's rejection; a JSON
/// array that does not parse fails as a whole, naming where.
/// </summary>
internal static class ScanBodyReader
{
    public const string NdjsonMediaType = "application/x-ndjson";

    public static async Task<ScanBody> ReadAsync(HttpRequest request, int maxRecords, CancellationToken cancellationToken)
    {
        var isNdjson = request.ContentType?.StartsWith(NdjsonMediaType, StringComparison.OrdinalIgnoreCase) == true;
        return isNdjson
            ? await ReadNdjsonAsync(request.Body, maxRecords, cancellationToken)
            : await ReadArrayAsync(request.Body, maxRecords, cancellationToken);
    }

    private static async Task<ScanBody> ReadArrayAsync(Stream body, int maxRecords, CancellationToken cancellationToken)
    {
        var records = new List<ScanInput>();
        var malformed = new List<ScanRejection>();
        try
        {
            await foreach (var record in JsonSerializer.DeserializeAsyncEnumerable(body, ScanJsonContext.Default.ScanInput, cancellationToken))
            {
                if (records.Count >= maxRecords)
                {
                    return ScanBody.TooLarge(maxRecords);
                }

                if (record is null)
                {
                    malformed.Add(new ScanRejection(records.Count, null, "body", "the record must be a JSON object"));
                    records.Add(new ScanInput(null, null, null, null, null));
                    continue;
                }

                records.Add(record);
            }
        }
        catch (JsonException exception)
        {
            return ScanBody.Unreadable(FieldOf(exception.Path), "is not a JSON array of scan records with text fields");
        }

        return new ScanBody(records, malformed, null);
    }

    private static async Task<ScanBody> ReadNdjsonAsync(Stream body, int maxRecords, CancellationToken cancellationToken)
    {
        var records = new List<ScanInput>();
        var malformed = new List<ScanRejection>();
        using var reader = new StreamReader(body);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (records.Count >= maxRecords)
            {
                return ScanBody.TooLarge(maxRecords);
            }

            var record = TryParseLine(line);
            if (record is null)
            {
                malformed.Add(new ScanRejection(records.Count, null, "body", "the line is not a JSON scan record"));
                record = new ScanInput(null, null, null, null, null);
            }

            records.Add(record);
        }

        return new ScanBody(records, malformed, null);
    }

    private static ScanInput? TryParseLine(string line)
    {
        try
        {
            return JsonSerializer.Deserialize(line, ScanJsonContext.Default.ScanInput);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string FieldOf(string? path) => path is null or "$" ? "body" : path.TrimStart('$').TrimStart('.');
}
