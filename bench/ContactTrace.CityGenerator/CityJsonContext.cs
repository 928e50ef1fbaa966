using System.Text.Json;
using System.Text.Json.Serialization;

namespace ContactTrace.CityGenerator;

/// <summary>Source-generated JSON with the API's web defaults (camelCase).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Scan))]
internal sealed partial class CityJsonContext : JsonSerializerContext;
