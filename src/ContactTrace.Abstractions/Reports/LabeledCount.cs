namespace ContactTrace.Reports;

/// <summary>A count under a code and its bulletin label (a discovery channel, a district).</summary>
public sealed record class LabeledCount(string Code, string Label, int Count);
