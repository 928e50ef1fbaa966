using System.Text;

namespace ContactTrace.CityGenerator.Tests;

public sealed class ScanFileTests
{
    private readonly List<Scan> _scans = City.Generate(Cities.Small with { Persons = 2_000 }).Scans().ToList();

    [Theory]
    [InlineData(ScanFileFormat.Csv)]
    [InlineData(ScanFileFormat.Ndjson)]
    public void WrittenScansParseBackUnchanged(ScanFileFormat format)
    {
        using var stream = new MemoryStream();

        var written = ScanFiles.Write(_scans, stream, format);
        stream.Position = 0;
        using var reader = new StreamReader(stream);
        var read = ScanFiles.Read(reader, format).ToList();

        Assert.Equal(_scans.Count, written);
        Assert.Equal(_scans, read);
        Assert.Contains(read, s => s.LeftAt is null);
        Assert.Contains(read, s => s.LeftAt is not null);
    }

    [Fact]
    public void CsvHasTheHeaderAndIsoTimestampsWithOffset()
    {
        var lines = Lines(ScanFileFormat.Csv, _scans.Where(s => s.LeftAt is not null).Take(1));

        Assert.Equal("scanId,personId,venueId,scannedAt,leftAt", lines[0]);
        Assert.Matches(@"^s\d{10},p\d{7},v\d{5},\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$", lines[1]);
    }

    [Fact]
    public void NdjsonLinesAreTheApisCamelCaseScanRecord()
    {
        var scan = new Scan("s1", "p2", "v3", new DateTimeOffset(2022, 11, 20, 1, 2, 3, TimeSpan.Zero), null);

        var lines = Lines(ScanFileFormat.Ndjson, [scan, scan with { LeftAt = scan.ScannedAt.AddMinutes(30) }]);

        Assert.Equal("""{"scanId":"s1","personId":"p2","venueId":"v3","scannedAt":"2022-11-20T01:02:03+00:00"}""", lines[0]);
        Assert.Equal("""{"scanId":"s1","personId":"p2","venueId":"v3","scannedAt":"2022-11-20T01:02:03+00:00","leftAt":"2022-11-20T01:32:03+00:00"}""", lines[1]);
    }

    [Fact]
    public void FileFormatFollowsTheExtension()
    {
        Assert.Equal(ScanFileFormat.Csv, ScanFiles.FormatOf("/tmp/a.CSV"));
        Assert.Equal(ScanFileFormat.Ndjson, ScanFiles.FormatOf("b.ndjson"));
        Assert.Throws<ArgumentException>(() => ScanFiles.FormatOf("c.txt"));
    }

    [Fact]
    public void ABadCsvLineIsReportedWithItsNumber()
    {
        using var reader = new StringReader("scanId,personId,venueId,scannedAt,leftAt\ns1,p1,v1\n");

        var error = Assert.Throws<FormatException>(() => ScanCsv.Read(reader).ToList());

        Assert.StartsWith("Line 2:", error.Message);
    }

    private static string[] Lines(ScanFileFormat format, IEnumerable<Scan> scans)
    {
        using var stream = new MemoryStream();
        ScanFiles.Write(scans, stream, format);
        return Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
