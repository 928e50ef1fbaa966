namespace ContactTrace.Host.Model;

public sealed record class DistrictCountView(string District, string Label, int Count);
