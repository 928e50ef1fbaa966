using System.Buffers;
using System.Text;
using System.Text.Json;

namespace ContactTrace.CityGenerator;

/// <summary>Scans as newline-delimited JSON, one API scan record a line, written and read as a stream.</summary>
public static class ScanNdjson
{
    private const int FlushThreshold = 1 << 16;

    /// <summary>Writes every scan, one line each; returns the number of scans written.</summary>
    public static long Write(IEnumerable<Scan> scans, Stream stream)
    {
        var buffer = new ArrayBufferWriter<byte>(FlushThreshold * 2);
        using var writer = new Utf8JsonWriter(buffer);
        long count = 0;
        foreach (var scan in scans)
        {
            WriteLine(writer, buffer, scan);
            count++;
            if (buffer.WrittenCount >= FlushThreshold)
            {
                stream.Write(buffer.WrittenSpan);
                buffer.ResetWrittenCount();
            }
        }

        stream.Write(buffer.WrittenSpan);
        return count;
    }

    /// <summary>
    /// Appends one scan and a newline to <paramref name="buffer"/> through <paramref name="writer"/> (which writes
    /// to that buffer). Each line is its own JSON document, so the writer's state is reset after every line:
    /// otherwise it would separate the next record with a comma.
    /// </summary>
    public static void WriteLine(Utf8JsonWriter writer, IBufferWriter<byte> buffer, Scan scan)
    {
        ScanJson.Write(writer, scan);
        writer.Flush();
        buffer.Write("\n"u8);
        writer.Reset(buffer);
    }

    /// <summary>Reads scans lazily, skipping blank lines; throws <see cref="FormatException"/> naming a bad line.</summary>
    public static IEnumerable<Scan> Read(TextReader reader)
    {
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                yield return ParseLine(line, number);
            }
        }
    }

    private static Scan ParseLine(string line, int number)
    {
        try
        {
            return ScanJson.Parse(Encoding.UTF8.GetBytes(line));
        }
        catch (JsonException e)
        {
            throw new FormatException($"Line {number}: {e.Message}", e);
        }
    }
}
