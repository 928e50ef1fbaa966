using System.Buffers;
using System.Text.Json;

namespace ContactTrace.Bench.Posting;

/// <summary>Cuts a scan stream into request bodies of at most <c>size</c> scans, serialised as they are read.</summary>
internal static class ScanBatches
{
    public static IEnumerable<ScanBatch> Serialize(IEnumerable<Scan> scans, int size, ScanBatchFormat format)
    {
        var buffer = new ArrayBufferWriter<byte>(size * 128);
        using var writer = new Utf8JsonWriter(buffer);
        var count = 0;
        foreach (var scan in scans)
        {
            if (count == 0)
            {
                Begin(writer, format);
            }

            if (format == ScanBatchFormat.Ndjson)
            {
                ScanNdjson.WriteLine(writer, buffer, scan);
            }
            else
            {
                ScanJson.Write(writer, scan);
            }

            if (++count == size)
            {
                yield return Complete(writer, buffer, count, format);
                count = 0;
            }
        }

        if (count > 0)
        {
            yield return Complete(writer, buffer, count, format);
        }
    }

    private static void Begin(Utf8JsonWriter writer, ScanBatchFormat format)
    {
        if (format == ScanBatchFormat.JsonArray)
        {
            writer.WriteStartArray();
        }
    }

    private static ScanBatch Complete(Utf8JsonWriter writer, ArrayBufferWriter<byte> buffer, int count, ScanBatchFormat format)
    {
        if (format == ScanBatchFormat.JsonArray)
        {
            writer.WriteEndArray();
        }

        writer.Flush();
        var batch = ScanBatch.Rent(buffer.WrittenSpan, count, format);
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        return batch;
    }
}
