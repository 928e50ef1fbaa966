namespace ContactTrace.Host.Tools;

/// <summary>
/// What an import sends where: the endpoint, the records' name, the usage line, and the reader of the file's
/// records (CSV with a header line, or NDJSON). The endpoints answer alike (<c>{ accepted, duplicates, rejected }</c>),
/// so one import command serves both.
/// </summary>
internal sealed record class ImportTarget(string Path, string Noun, string Usage, Func<TextReader, bool, IEnumerable<(long Line, object Record)>> Read)
{
    public static ImportTarget Scans { get; } = new("/api/scans", "scans",
        "usage: contacttrace import-scans FILE(.csv|.ndjson) [--url URL] [--api-key KEY] [--batch N]",
        (reader, csv) => ScanFileReader.Read(reader, csv).Select(r => (r.Line, (object)r.Scan)));

    public static ImportTarget Tests { get; } = new("/api/tests", "results",
        "usage: contacttrace import-tests FILE(.csv|.ndjson) [--url URL] [--api-key KEY] [--batch N]\n"
        + "  CSV columns: testId,personId,sampledAt,resultAt,result,context,roundId,site,district",
        (reader, csv) => TestFileReader.Read(reader, csv).Select(r => (r.Line, (object)r.Test)));
}
