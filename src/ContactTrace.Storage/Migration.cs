namespace ContactTrace.Storage;

/// <summary>One versioned schema script, embedded in this assembly as <c>Migrations/NNNN_name.sql</c>.</summary>
internal sealed record class Migration(int Version, string Name, string Sql);
