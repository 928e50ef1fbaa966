using System.Text.Json;
using System.Text.Json.Serialization;

namespace ContactTrace.Host.Screening;

/// <summary>Source-generated (de)serialization of the screening hot paths: test batches and health-code answers.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(TestInput))]
[JsonSerializable(typeof(List<TestInput>))]
[JsonSerializable(typeof(TestIngestResult))]
[JsonSerializable(typeof(HealthCodeView))]
internal sealed partial class ScreeningJsonContext : JsonSerializerContext;
