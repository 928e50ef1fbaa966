using ContactTrace.Reports;

namespace ContactTrace.Host.Model;

/// <summary>
/// The answer of <c>GET /api/cases/{caseId}/chain</c>: the cluster's totals and one page of it — cases (and, when
/// asked, their contacts) as nodes, links as edges — with the cursor of the next page.
/// </summary>
public sealed record class ChainView(string ClusterId, int CaseCount, int ContactCount, ImmutableArray<ChainNodeView> Nodes, ImmutableArray<ChainEdgeView> Edges, string? Next)
{
    public static ChainView Of(ClusterPage page) => new(
        page.ClusterId,
        page.CaseCount,
        page.ContactCount,
        [.. page.Cases.Select(c => new ChainNodeView(c.CaseId, "case", c.PersonId, c.Classification, c.District, c.ReportedAt, null, null)),
         .. ContactNodes(page)],
        [.. page.Edges.Select(e => new ChainEdgeView(e.From, e.To, e.Kind, e.At, e.VenueId, e.ViaPersonId, [.. e.Evidence.Select(ExposureView.Of)])),
         .. page.Contacts.Select(c => new ChainEdgeView(c.CaseId, c.PersonId, c.Category, null, null, null, []))],
        page.NextCaseId);

    // A person reached by several cases of the cluster is one node, with its most severe category, and an edge from each.
    private static IEnumerable<ChainNodeView> ContactNodes(ClusterPage page) =>
        page.Contacts
            .GroupBy(c => c.PersonId, StringComparer.Ordinal)
            .Select(g => g.MaxBy(c => Severity.Of(c.Category))!)
            .Select(c => new ChainNodeView(c.PersonId, "contact", c.PersonId, null, null, null, c.Tier, c.Category));
}
