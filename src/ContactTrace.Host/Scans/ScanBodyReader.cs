using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using ContactTrace.Scans;

namespace ContactTrace.Host.Scans;

/// <summary>
/// Reads a scan batch as a JSON array or as NDJSON (one record per line), streaming, and stops as soon as the
/// batch is larger than allowed. Lengths are capped before anything is parsed, so that a huge value costs neither
/// memory nor an echo: an NDJSON line longer than <see cref="MaxLineBytes"/> is that record's rejection and is
/// skipped unread; a JSON array with a value longer than <see cref="JsonTokenGuard.MaxTokenBytes"/> fails as a
/// whole, naming the record. A line of NDJSON that is not a record becomes that record's rejection; a JSON array
/// that does not parse fails as a whole, naming where.
/// </summary>
internal static class ScanBodyReader
{
    public const string NdjsonMediaType = "application/x-ndjson";

    /// <summary>A scan record is a couple of hundred bytes; anything this long is not one.</summary>
    public const int MaxLineBytes = 4096;

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    public static async Task<ScanBody> ReadAsync(HttpRequest request, int maxRecords, CancellationToken cancellationToken)
    {
        var isNdjson = request.ContentType?.StartsWith(NdjsonMediaType, StringComparison.OrdinalIgnoreCase) == true;
        return isNdjson
            ? await ReadNdjsonAsync(request.BodyReader, maxRecords, cancellationToken)
            : await ReadArrayAsync(request.Body, maxRecords, cancellationToken);
    }

    private static async Task<ScanBody> ReadArrayAsync(Stream body, int maxRecords, CancellationToken cancellationToken)
    {
        var records = new List<ScanInput>();
        var malformed = new List<ScanRejection>();
        var guarded = new JsonTokenGuard(body);
        try
        {
            await foreach (var record in JsonSerializer.DeserializeAsyncEnumerable(guarded, ScanJsonContext.Default.ScanInput, cancellationToken))
            {
                if (records.Count >= maxRecords)
                {
                    return ScanBody.TooLarge(maxRecords);
                }

                if (record is null)
                {
                    malformed.Add(new ScanRejection(records.Count, null, "body", "the record must be a JSON object"));
                    records.Add(Empty);
                    continue;
                }

                records.Add(record);
            }
        }
        catch (JsonTokenGuard.TokenTooLongException tooLong)
        {
            return ScanBody.Unreadable($"[{tooLong.RecordIndex}]", $"holds a value longer than {JsonTokenGuard.MaxTokenBytes} bytes");
        }
        catch (JsonException exception)
        {
            return ScanBody.Unreadable(FieldOf(exception.Path), "is not a JSON array of scan records with text fields");
        }

        return new ScanBody(records, malformed, null);
    }

    private static async Task<ScanBody> ReadNdjsonAsync(PipeReader body, int maxRecords, CancellationToken cancellationToken)
    {
        var batch = new NdjsonBatch(maxRecords);
        var skipping = false; // inside a line already rejected as too long: its bytes are dropped, never kept
        var first = true;
        while (true)
        {
            var read = await body.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            if (first && (buffer.Length >= Utf8Bom.Length || read.IsCompleted))
            {
                first = false;
                if (buffer.Length >= Utf8Bom.Length && buffer.Slice(0, Utf8Bom.Length).FirstSpan.SequenceEqual(Utf8Bom))
                {
                    buffer = buffer.Slice(Utf8Bom.Length);
                }
            }

            while (buffer.PositionOf((byte)'\n') is { } newline)
            {
                var line = buffer.Slice(0, newline);
                buffer = buffer.Slice(buffer.GetPosition(1, newline));
                if (skipping)
                {
                    skipping = false;
                }
                else if (!batch.Add(line))
                {
                    return ScanBody.TooLarge(maxRecords);
                }
            }

            if (!skipping && buffer.Length > MaxLineBytes)
            {
                if (!batch.Add(buffer))
                {
                    return ScanBody.TooLarge(maxRecords);
                }

                skipping = true;
            }

            if (read.IsCompleted)
            {
                if (!skipping && !batch.Add(buffer))
                {
                    return ScanBody.TooLarge(maxRecords);
                }

                body.AdvanceTo(buffer.End);
                return batch.ToBody();
            }

            body.AdvanceTo(skipping ? buffer.End : buffer.Start, buffer.End);
        }
    }

    private static readonly ScanInput Empty = new(null, null, null, null, null);

    private static string FieldOf(string? path) => path is null or "$" ? "body" : path.TrimStart('$').TrimStart('.');

    /// <summary>The records of an NDJSON body as its lines arrive; false once there are more than allowed.</summary>
    private sealed class NdjsonBatch(int maxRecords)
    {
        private readonly List<ScanInput> _records = [];
        private readonly List<ScanRejection> _malformed = [];

        public bool Add(ReadOnlySequence<byte> line)
        {
            if (IsBlank(line))
            {
                return true;
            }

            if (_records.Count >= maxRecords)
            {
                return false;
            }

            var record = line.Length > MaxLineBytes ? null : TryParse(line);
            if (record is null)
            {
                var reason = line.Length > MaxLineBytes ? $"the line is longer than {MaxLineBytes} bytes" : "the line is not a JSON scan record";
                _malformed.Add(new ScanRejection(_records.Count, null, "body", reason));
                record = Empty;
            }

            _records.Add(record);
            return true;
        }

        public ScanBody ToBody() => new(_records, _malformed, null);

        private static ScanInput? TryParse(ReadOnlySequence<byte> line)
        {
            try
            {
                // The whole line must be one record, nothing after it (at most MaxLineBytes: copying is cheap).
                return JsonSerializer.Deserialize(line.IsSingleSegment ? line.FirstSpan : line.ToArray(), ScanJsonContext.Default.ScanInput);
            }
            catch (JsonException)
            {
                return null;
            }
        }

        private static bool IsBlank(ReadOnlySequence<byte> line)
        {
            foreach (var segment in line)
            {
                if (segment.Span.IndexOfAnyExcept(" \t\r"u8) >= 0)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
