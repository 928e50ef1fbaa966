using System.Text.Json;
using ContactTrace.Host.Screening;

namespace ContactTrace.Host.Tools;

/// <summary>
/// Reads test results from CSV (<c>testId,personId,sampledAt,resultAt,result,context,roundId,site,district</c>, with
/// a header line) or NDJSON (the records of <c>POST /api/tests</c>), one at a time, with their line numbers.
/// </summary>
internal static class TestFileReader
{
    private static readonly TestInput Empty = new(null, null, null, null, null, null);

    public static IEnumerable<(long Line, TestInput Test)> Read(TextReader reader, bool csv)
    {
        long line = 0;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text) || (csv && line == 1 && text.StartsWith("testId", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            yield return (line, csv ? FromCsv(text) : FromJson(text));
        }
    }

    // The server rejects what does not parse here with the field named, so a malformed line is sent as empty fields.
    private static TestInput FromCsv(string text)
    {
        var f = text.Split(',');
        string? At(int i) => i < f.Length && f[i].Length > 0 ? f[i].Trim() : null;
        return new TestInput(At(0), At(1), At(2), At(3), At(4), new TestContextInput(At(5), At(6), At(7)), At(8));
    }

    private static TestInput FromJson(string text)
    {
        try
        {
            return JsonSerializer.Deserialize(text, ScreeningJsonContext.Default.TestInput) ?? Empty;
        }
        catch (JsonException)
        {
            return Empty;
        }
    }
}
