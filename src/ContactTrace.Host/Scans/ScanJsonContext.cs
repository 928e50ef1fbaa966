using System.Text.Json;
using System.Text.Json.Serialization;
using ContactTrace.Scans;

namespace ContactTrace.Host.Scans;

/// <summary>Source-generated (de)serialization of the scan hot path: no reflection per record.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(List<ScanInput>))]
[JsonSerializable(typeof(ScanInput))]
[JsonSerializable(typeof(ScanIngestResult))]
internal sealed partial class ScanJsonContext : JsonSerializerContext;
