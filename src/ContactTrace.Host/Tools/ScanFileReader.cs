using System.Text.Json;
using ContactTrace.Scans;

namespace ContactTrace.Host.Tools;

/// <summary>Reads scans from CSV (with a header line) or NDJSON, one at a time, with their line numbers.</summary>
internal static class ScanFileReader
{
    public static IEnumerable<(long Line, ScanInput Scan)> Read(TextReader reader, bool csv)
    {
        long line = 0;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text) || (csv && line == 1 && text.StartsWith("scanId", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            yield return (line, csv ? FromCsv(text) : FromJson(text));
        }
    }

    // The server rejects what does not parse here with the field named, so a malformed line is sent as empty fields.
    private static ScanInput FromCsv(string text)
    {
        var f = text.Split(',');
        string? At(int i) => i < f.Length && f[i].Length > 0 ? f[i].Trim() : null;
        return new ScanInput(At(0), At(1), At(2), At(3), At(4));
    }

    private static ScanInput FromJson(string text)
    {
        try
        {
            return JsonSerializer.Deserialize<ScanInput>(text, JsonSerializerOptions.Web) ?? new ScanInput(null, null, null, null, null);
        }
        catch (JsonException)
        {
            return new ScanInput(null, null, null, null, null);
        }
    }
}
