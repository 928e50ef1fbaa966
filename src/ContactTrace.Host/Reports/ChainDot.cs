using System.Text;

namespace ContactTrace.Host.Reports;

/// <summary>A page of a cluster as Graphviz: cases as boxes, contacts as ellipses, links labelled with how.</summary>
public static class ChainDot
{
    public static string Write(ChainView chain)
    {
        var dot = new StringBuilder();
        dot.Append("digraph \"").Append(Escape(chain.ClusterId)).AppendLine("\" {");
        foreach (var node in chain.Nodes)
        {
            var shape = node.Kind == "case" ? "box" : "ellipse";
            var detail = node.Kind == "case" ? $"{node.Classification} {node.District}" : node.Category;
            dot.Append("  \"").Append(Escape(node.Id)).Append("\" [shape=").Append(shape)
               .Append(", label=\"").Append(Escape(node.Id)).Append("\\n").Append(Escape(detail ?? "")).AppendLine("\"];");
        }

        foreach (var edge in chain.Edges)
        {
            var label = edge.VenueId is null ? edge.Kind : $"{edge.Kind} {edge.VenueId}";
            dot.Append("  \"").Append(Escape(edge.From)).Append("\" -> \"").Append(Escape(edge.To)).Append("\" [label=\"").Append(Escape(label)).AppendLine("\"];");
        }

        return dot.AppendLine("}").ToString();
    }

    // Ids are restricted to [A-Za-z0-9._:-] and labels are codes; quote anyway so the output is always valid.
    private static string Escape(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
