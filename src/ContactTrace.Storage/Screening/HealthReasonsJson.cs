using System.Text.Json;
using System.Text.Json.Serialization;
using ContactTrace.Screening;

namespace ContactTrace.Storage.Screening;

/// <summary>A code's reasons as the <c>reasons</c> jsonb column holds them: <c>[{ rule, since, until }]</c>, as the API shows them.</summary>
internal static class HealthReasonsJson
{
    public static string Write(ImmutableArray<HealthReason> reasons) => JsonSerializer.Serialize(reasons.ToArray(), HealthReasonsJsonContext.Default.HealthReasonArray);

    public static ImmutableArray<HealthReason> Read(string json) =>
        [.. JsonSerializer.Deserialize(json, HealthReasonsJsonContext.Default.HealthReasonArray) ?? []];
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(HealthReason[]))]
internal sealed partial class HealthReasonsJsonContext : JsonSerializerContext;
