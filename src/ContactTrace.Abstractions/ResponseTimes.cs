using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ContactTrace;

/// <summary>
/// How answers write times: ISO-8601 with an offset, in the offset of <c>ContactTrace:TimeZone</c> at that instant
/// (<c>ContactTrace:ResponseOffset</c> = <c>local</c>, the default: a 12:30 lunch in Harbin reads
/// <c>12:30:00+08:00</c>) or in UTC (<c>utc</c>). One place for every JSON answer — a serializer modifier rewrites
/// each <see cref="DateTimeOffset"/> property to that offset, the same instant — and for the few answers written
/// by hand (CSV, problem messages) through <see cref="Format"/> — and for the bodies the service sends out on its own
/// (hotel webhooks) through <see cref="Json"/>. Inputs are read in any offset.
/// </summary>
public sealed class ResponseTimes(TimeZoneInfo zone)
{
    public const string Local = "local";
    public const string Utc = "utc";

    private JsonSerializerOptions? _json;

    public TimeZoneInfo Zone { get; } = zone;

    /// <summary>Web defaults (camelCase) with every time in the response offset: for bodies written outside a request.</summary>
    public JsonSerializerOptions Json => _json ??= new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver().WithAddedModifier(Modify),
    };

    /// <summary><c>local</c> (the offset of <paramref name="timeZone"/>) or <c>utc</c>.</summary>
    public static ResponseTimes Of(string responseOffset, string timeZone) =>
        new(responseOffset == Utc ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(timeZone));

    public DateTimeOffset ToResponse(DateTimeOffset time) => TimeZoneInfo.ConvertTime(time, Zone);

    public string Format(DateTimeOffset time) => ToResponse(time).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    /// <summary>Rewrites the <see cref="DateTimeOffset"/> properties of every serialized object to the response offset.</summary>
    public void Modify(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        foreach (var property in type.Properties)
        {
            if (property.Get is not { } get)
            {
                continue;
            }

            if (property.PropertyType == typeof(DateTimeOffset))
            {
                property.Get = owner => ToResponse((DateTimeOffset)get(owner)!);
            }
            else if (property.PropertyType == typeof(DateTimeOffset?))
            {
                property.Get = owner => get(owner) is DateTimeOffset time ? ToResponse(time) : null;
            }
        }
    }
}
