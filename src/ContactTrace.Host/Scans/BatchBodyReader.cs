using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ContactTrace.Host.Scans;

/// <summary>
/// Reads a batch of records (scans, test results) as a JSON array or as NDJSON (one record per line), streaming,
/// and stops as soon as the batch is larger than allowed. Lengths are capped before anything is parsed, so that a huge
/// value costs neither memory nor an echo: an NDJSON line longer than <see cref="MaxLineBytes"/> is that record's
/// rejection and is skipped unread; a JSON array with a value longer than <see cref="JsonTokenGuard.MaxTokenBytes"/>
/// fails as a whole, naming the record. A line of NDJSON that is not a record becomes that record's rejection (read as
/// <c>empty</c>); a JSON array that does not parse fails as a whole, naming where.
/// </summary>
internal static class BatchBodyReader
{
    public const string NdjsonMediaType = "application/x-ndjson";

    /// <summary>A record is a couple of hundred bytes; anything this long is not one.</summary>
    public const int MaxLineBytes = 4096;

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    public static async Task<BatchBody<T>> ReadAsync<T>(HttpRequest request, int maxRecords, JsonTypeInfo<T> type, T empty, string noun, CancellationToken cancellationToken)
        where T : class
    {
        var isNdjson = request.ContentType?.StartsWith(NdjsonMediaType, StringComparison.OrdinalIgnoreCase) == true;
        return isNdjson
            ? await ReadNdjsonAsync(request.BodyReader, new NdjsonBatch<T>(maxRecords, type, empty, noun), cancellationToken)
            : await ReadArrayAsync(request.Body, maxRecords, type, empty, noun, cancellationToken);
    }

    private static async Task<BatchBody<T>> ReadArrayAsync<T>(Stream body, int maxRecords, JsonTypeInfo<T> type, T empty, string noun, CancellationToken cancellationToken)
        where T : class
    {
        var records = new List<T>();
        var malformed = new List<(int, string)>();
        var guarded = new JsonTokenGuard(body);
        try
        {
            await foreach (var record in JsonSerializer.DeserializeAsyncEnumerable(guarded, type, cancellationToken))
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
        catch (JsonTokenGuard.TokenTooLongException tooLong)
        {
            return BatchBody<T>.Unreadable($"[{tooLong.RecordIndex}]", $"holds a value longer than {JsonTokenGuard.MaxTokenBytes} bytes");
        }
        catch (JsonException exception)
        {
            return BatchBody<T>.Unreadable(FieldOf(exception.Path), $"is not a JSON array of {noun} records with text fields");
        }

        return new BatchBody<T>(records, malformed, null);
    }

    private static async Task<BatchBody<T>> ReadNdjsonAsync<T>(PipeReader body, NdjsonBatch<T> batch, CancellationToken cancellationToken)
        where T : class
    {
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
                    return batch.TooLarge();
                }
            }

            if (!skipping && buffer.Length > MaxLineBytes)
            {
                if (!batch.Add(buffer))
                {
                    return batch.TooLarge();
                }

                skipping = true;
            }

            if (read.IsCompleted)
            {
                if (!skipping && !batch.Add(buffer))
                {
                    return batch.TooLarge();
                }

                body.AdvanceTo(buffer.End);
                return batch.ToBody();
            }

            body.AdvanceTo(skipping ? buffer.End : buffer.Start, buffer.End);
        }
    }

    private static string FieldOf(string? path) => path is null or "$" ? "body" : path.TrimStart('$').TrimStart('.');

    /// <summary>The records of an NDJSON body as its lines arrive; false once there are more than allowed.</summary>
    private sealed class NdjsonBatch<T>(int maxRecords, JsonTypeInfo<T> type, T empty, string noun)
        where T : class
    {
        private readonly List<T> _records = [];
        private readonly List<(int, string)> _malformed = [];

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
                _malformed.Add((_records.Count, line.Length > MaxLineBytes ? $"the line is longer than {MaxLineBytes} bytes" : $"the line is not a JSON {noun} record"));
                record = empty;
            }

            _records.Add(record);
            return true;
        }

        public BatchBody<T> ToBody() => new(_records, _malformed, null);

        public BatchBody<T> TooLarge() => BatchBody<T>.TooLarge(maxRecords);

        private T? TryParse(ReadOnlySequence<byte> line)
        {
            try
            {
                // The whole line must be one record, nothing after it (at most MaxLineBytes: copying is cheap).
                return JsonSerializer.Deserialize(line.IsSingleSegment ? line.FirstSpan : line.ToArray(), type);
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

/// <summary>A read batch: its records, the positions that could not even be read (and why), or why the body as a whole failed.</summary>
internal sealed record class BatchBody<T>(IReadOnlyList<T> Records, IReadOnlyList<(int Index, string Message)> Malformed, ScanBodyProblem? Problem)
{
    public static BatchBody<T> TooLarge(int maxRecords) =>
        new([], [], new ScanBodyProblem(StatusCodes.Status413PayloadTooLarge, "body", $"holds more than {maxRecords} records; split it into batches"));

    public static BatchBody<T> Unreadable(string field, string message) =>
        new([], [], new ScanBodyProblem(StatusCodes.Status400BadRequest, field, message));
}
