namespace ContactTrace.Reports;

/// <summary>
/// A link: <see cref="From"/> exposed <see cref="To"/> (case to case, or case to contact), how and when. Between two
/// cases it carries the exposure that linked them — the source case's evidence for the new case's person — so the
/// tracing team sees where, when and through whom the new case was infected.
/// </summary>
public sealed record class ClusterEdge(
    string From,
    string To,
    string Kind,
    DateTimeOffset? At,
    string? VenueId,
    string? ViaPersonId = null,
    ImmutableArray<Exposure> Evidence = default)
{
    public ImmutableArray<Exposure> Evidence { get; init; } = Evidence.IsDefault ? [] : Evidence;

    /// <summary>The edge into <paramref name="to"/> from <paramref name="from"/>, its headline taken from the earliest evidence.</summary>
    public static ClusterEdge Linking(string from, string to, IEnumerable<Exposure> evidence)
    {
        ImmutableArray<Exposure> ordered = [.. evidence.OrderBy(e => e.From).ThenBy(e => e.Identity, StringComparer.Ordinal)];
        var first = ordered.FirstOrDefault();
        return new ClusterEdge(from, to, first?.Kind ?? "contact", first?.From, first?.VenueId, first?.ViaPersonId, ordered);
    }
}
