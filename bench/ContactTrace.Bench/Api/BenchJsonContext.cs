using System.Text.Json;
using System.Text.Json.Serialization;

namespace ContactTrace.Bench.Api;

/// <summary>Source-generated JSON with the API's web defaults (camelCase).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(VenueBody))]
[JsonSerializable(typeof(PersonBody))]
[JsonSerializable(typeof(HotelBody))]
[JsonSerializable(typeof(ScanBatchAnswer))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
