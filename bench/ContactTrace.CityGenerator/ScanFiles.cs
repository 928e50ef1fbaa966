namespace ContactTrace.CityGenerator;

/// <summary>Writes and reads scan files in the format their extension names (<c>.csv</c>, <c>.ndjson</c>, <c>.jsonl</c>).</summary>
public static class ScanFiles
{
    public static ScanFileFormat FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".csv" => ScanFileFormat.Csv,
        ".ndjson" or ".jsonl" => ScanFileFormat.Ndjson,
        var other => throw new ArgumentException($"'{other}' is not a scan file extension; use .csv or .ndjson.", nameof(path)),
    };

    public static long Write(IEnumerable<Scan> scans, Stream stream, ScanFileFormat format) => format switch
    {
        ScanFileFormat.Csv => ScanCsv.Write(scans, stream),
        _ => ScanNdjson.Write(scans, stream),
    };

    public static IEnumerable<Scan> Read(TextReader reader, ScanFileFormat format) => format switch
    {
        ScanFileFormat.Csv => ScanCsv.Read(reader),
        _ => ScanNdjson.Read(reader),
    };
}
