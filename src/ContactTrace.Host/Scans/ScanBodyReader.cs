using ContactTrace.Scans;

namespace ContactTrace.Host.Scans;

/// <summary>Reads a scan batch (<see cref="BatchBodyReader"/>): a line that is not a scan record becomes that record's rejection.</summary>
internal static class ScanBodyReader
{
    public const string NdjsonMediaType = BatchBodyReader.NdjsonMediaType;

    /// <inheritdoc cref="BatchBodyReader.MaxLineBytes"/>
    public const int MaxLineBytes = BatchBodyReader.MaxLineBytes;

    private static readonly ScanInput Empty = new(null, null, null, null, null);

    public static async Task<ScanBody> ReadAsync(HttpRequest request, int maxRecords, CancellationToken cancellationToken)
    {
        var body = await BatchBodyReader.ReadAsync(request, maxRecords, ScanJsonContext.Default.ScanInput, Empty, "scan", cancellationToken);
        return new ScanBody(body.Records, [.. body.Malformed.Select(m => new ScanRejection(m.Index, null, "body", m.Message))], body.Problem);
    }
}
