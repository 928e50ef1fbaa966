using System.Text.Json;

namespace ContactTrace.CityGenerator;

/// <summary>
/// Writes the API's scan record (<c>{ scanId, personId, venueId, scannedAt, leftAt? }</c>) straight to a
/// <see cref="Utf8JsonWriter"/>: no reflection and no intermediate strings on the path that feeds millions.
/// </summary>
public static class ScanJson
{
    private static readonly JsonEncodedText ScanId = JsonEncodedText.Encode("scanId");
    private static readonly JsonEncodedText PersonId = JsonEncodedText.Encode("personId");
    private static readonly JsonEncodedText VenueId = JsonEncodedText.Encode("venueId");
    private static readonly JsonEncodedText ScannedAt = JsonEncodedText.Encode("scannedAt");
    private static readonly JsonEncodedText LeftAt = JsonEncodedText.Encode("leftAt");

    public static void Write(Utf8JsonWriter writer, Scan scan)
    {
        writer.WriteStartObject();
        writer.WriteString(ScanId, scan.ScanId);
        writer.WriteString(PersonId, scan.PersonId);
        writer.WriteString(VenueId, scan.VenueId);
        writer.WriteString(ScannedAt, scan.ScannedAt);
        if (scan.LeftAt is { } leftAt)
        {
            writer.WriteString(LeftAt, leftAt);
        }

        writer.WriteEndObject();
    }

    public static Scan Parse(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize(json, CityJsonContext.Default.Scan) ?? throw new FormatException("A scan record is null.");
}
