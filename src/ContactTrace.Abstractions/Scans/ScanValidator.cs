namespace ContactTrace.Scans;

/// <summary>
/// The per-record rules of <c>POST /api/scans</c>, as pure code: ids well formed, times with an offset, not from
/// the future, not past retention, <c>leftAt</c> after <c>scannedAt</c> and within the longest stay, and each
/// scan id once per batch. Whether the venue is registered is checked against the registry afterwards.
/// </summary>
public sealed class ScanValidator(ScanOptions options, DateTimeOffset now)
{
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    public bool TryValidate(int index, ScanInput input, out Scan? scan, out ScanRejection? rejection)
    {
        scan = null;
        rejection = Check(input, out var scannedAt, out var leftAt) is { } failure
            ? new ScanRejection(index, ScanRejection.Echo(input.ScanId), failure.Field, failure.Message)
            : null;
        if (rejection is null)
        {
            scan = new Scan(input.ScanId!, input.PersonId!, input.VenueId!, scannedAt.ToUniversalTime(), leftAt?.ToUniversalTime());
        }

        return rejection is null;
    }

    private (string Field, string Message)? Check(ScanInput input, out DateTimeOffset scannedAt, out DateTimeOffset? leftAt)
    {
        scannedAt = default;
        leftAt = null;
        if ((IdProblem("scanId", input.ScanId) ?? IdProblem("personId", input.PersonId) ?? IdProblem("venueId", input.VenueId)) is { } idProblem)
        {
            return idProblem;
        }

        if (!IsoTime.TryParse(input.ScannedAt, out scannedAt))
        {
            return ("scannedAt", input.ScannedAt is null ? "is required" : "must be an ISO-8601 timestamp with offset");
        }

        if (scannedAt > now.AddMinutes(options.FutureToleranceMinutes))
        {
            return ("scannedAt", $"is more than {options.FutureToleranceMinutes} minutes in the future");
        }

        if (scannedAt < now.AddDays(-options.RetentionDays))
        {
            return ("scannedAt", $"is older than the retention period of {options.RetentionDays} days");
        }

        if (input.LeftAt is not null && LeftAtProblem(input.LeftAt, scannedAt, out leftAt) is { } leftProblem)
        {
            return leftProblem;
        }

        return _seen.Add(input.ScanId!) ? null : ("scanId", "appears more than once in this batch");
    }

    private (string Field, string Message)? LeftAtProblem(string text, DateTimeOffset scannedAt, out DateTimeOffset? leftAt)
    {
        leftAt = null;
        if (!IsoTime.TryParse(text, out var parsed))
        {
            return ("leftAt", "must be an ISO-8601 timestamp with offset");
        }

        if (parsed <= scannedAt)
        {
            return ("leftAt", "must be after scannedAt");
        }

        if (parsed - scannedAt > TimeSpan.FromHours(options.MaxStayHours))
        {
            return ("leftAt", $"is more than {options.MaxStayHours} hours after scannedAt");
        }

        leftAt = parsed;
        return null;
    }

    private static (string Field, string Message)? IdProblem(string field, string? id) => id switch
    {
        null => (field, "is required"),
        _ when !Ids.IsValid(id) => (field, "must be 1-64 characters of A-Z a-z 0-9 . _ : -"),
        _ => null,
    };
}
