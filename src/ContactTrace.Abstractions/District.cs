namespace ContactTrace;

/// <summary>One of the city's administrative units, in the official order (<see cref="Order"/>).</summary>
[GenerateSerializer, Immutable, Alias("ContactTrace.District")]
public sealed record class District(string Code, string Label, DistrictKind Kind, int Order, bool IsMainUrban);
