namespace ContactTrace.Host.Tools;

/// <summary>
/// What an import sends where: the command, the endpoint, the records' name, the key's role, the usage text, and the
/// reader of the file's records (CSV with an optional header line, or NDJSON). The endpoints answer alike
/// (<c>{ accepted, duplicates, rejected }</c>), so one import command serves both.
/// </summary>
internal sealed record class ImportTarget(
    string Command, string Path, string Noun, string Role, string Usage, Func<TextReader, bool, IEnumerable<(long Line, object Record)>> Read)
{
    private const string Common = """
          in batches of N records (default 10000, at most 50000), with a progress line and a summary of rejected
          lines by reason.
          Resumable: after each acknowledged batch FILE.progress records the target URL, the file's content
          (length and SHA-256) and the line reached. A rerun resumes there only for the same file and URL, and only
          after re-sending that last batch shows the target already holds it (a fresh host at the same URL gets
          the whole file); it says what it resumes and why it does not. --restart sends the whole file again.
          A 401 or 403 is final: one line, exit 1. Network errors, 429 and 5xx are retried 4 times, then exit 1.
        """;

    public static ImportTarget Scans { get; } = new("import-scans", "/api/scans", "scans", "scanner",
        """
        contacttrace import-scans FILE [--url URL] [--api-key KEY] [--batch N] [--restart]
          Streams FILE — CSV (scanId,personId,venueId,scannedAt,leftAt, header line optional) or NDJSON — into
          POST /api/scans (key role: scanner or admin)
        """ + Common,
        (reader, csv) => ScanFileReader.Read(reader, csv).Select(r => (r.Line, (object)r.Scan)));

    public static ImportTarget Tests { get; } = new("import-tests", "/api/tests", "results", "lab",
        """
        contacttrace import-tests FILE [--url URL] [--api-key KEY] [--batch N] [--restart]
          Streams FILE — CSV (testId,personId,sampledAt,resultAt,result,context,roundId,site,district, header line
          optional) or NDJSON — into POST /api/tests (key role: lab or admin)
        """ + Common,
        (reader, csv) => TestFileReader.Read(reader, csv).Select(r => (r.Line, (object)r.Test)));
}
