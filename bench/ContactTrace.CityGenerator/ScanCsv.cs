using System.Text;

namespace ContactTrace.CityGenerator;

/// <summary>
/// Scans as CSV with the header <c>scanId,personId,venueId,scannedAt,leftAt</c>; an empty <c>leftAt</c> means
/// none. Ids never contain commas or quotes (API id rule), so no field needs quoting.
/// </summary>
public static class ScanCsv
{
    public const string Header = "scanId,personId,venueId,scannedAt,leftAt";

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes the header and every scan, one at a time; returns the number of scans written.</summary>
    public static long Write(IEnumerable<Scan> scans, Stream stream)
    {
        using var writer = new StreamWriter(stream, Utf8NoBom, bufferSize: 1 << 16, leaveOpen: true) { NewLine = "\n" };
        writer.WriteLine(Header);
        long count = 0;
        Span<char> line = stackalloc char[(Ids.MaxLength * 3) + (ScanTimestamps.MaxLength * 2) + 4];
        foreach (var scan in scans)
        {
            writer.WriteLine(line[..FormatLine(scan, line)]);
            count++;
        }

        return count;
    }

    /// <summary>Reads scans lazily; throws <see cref="FormatException"/> naming the line number of a bad line.</summary>
    public static IEnumerable<Scan> Read(TextReader reader)
    {
        if (reader.ReadLine() is not Header)
        {
            throw new FormatException($"Line 1: expected the header '{Header}'.");
        }

        var number = 1;
        while (reader.ReadLine() is { } line)
        {
            number++;
            yield return ParseLine(line, number);
        }
    }

    public static Scan ParseLine(string line, int number = 0)
    {
        var fields = line.Split(',');
        if (fields.Length != 5)
        {
            throw new FormatException($"Line {number}: expected 5 fields, found {fields.Length}.");
        }

        DateTimeOffset? leftAt = fields[4].Length == 0 ? null : ScanTimestamps.Parse(fields[4]);
        return new Scan(fields[0], fields[1], fields[2], ScanTimestamps.Parse(fields[3]), leftAt);
    }

    private static int FormatLine(Scan scan, Span<char> line)
    {
        var position = 0;
        Append(line, ref position, scan.ScanId);
        Append(line, ref position, scan.PersonId);
        Append(line, ref position, scan.VenueId);
        ScanTimestamps.TryFormat(scan.ScannedAt, line[position..], out var written);
        position += written;
        line[position++] = ',';
        if (scan.LeftAt is { } leftAt)
        {
            ScanTimestamps.TryFormat(leftAt, line[position..], out written);
            position += written;
        }

        return position;
    }

    private static void Append(Span<char> line, ref int position, string field)
    {
        field.CopyTo(line[position..]);
        position += field.Length;
        line[position++] = ',';
    }
}
