namespace ContactTrace.CityGenerator;

/// <summary>The file formats scans are written in, chosen by file extension.</summary>
public enum ScanFileFormat
{
    Csv,
    Ndjson,
}
