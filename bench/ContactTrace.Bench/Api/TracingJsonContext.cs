using System.Text.Json;
using System.Text.Json.Serialization;

namespace ContactTrace.Bench.Api;

/// <summary>Source-generated JSON for the trace, feed and chain benchmarks (web defaults: camelCase).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CaseBody))]
[JsonSerializable(typeof(CheckInBody))]
[JsonSerializable(typeof(CaseAnswer))]
[JsonSerializable(typeof(FeedPage))]
[JsonSerializable(typeof(FeedEntry))]
internal sealed partial class TracingJsonContext : JsonSerializerContext;
