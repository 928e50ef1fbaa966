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

    private FieldError? Check(ScanInput input, out DateTimeOffset scannedAt, out DateTimeOffset? leftAt)
    {
        scannedAt = default;
        leftAt = null;
        if ((FieldErrors.IdProblem("scanId", input.ScanId) ?? FieldErrors.IdProblem("personId", input.PersonId) ?? FieldErrors.IdProblem("venueId", input.VenueId)) is { } idProblem)
        {
            return idProblem;
        }

        if (FieldErrors.TimeProblem("scannedAt", input.ScannedAt, out scannedAt) is { } timeProblem)
        {
            return timeProblem;
        }

        if (scannedAt > now.AddMinutes(options.FutureToleranceMinutes))
        {
            return new FieldError("scannedAt", $"is more than {options.FutureToleranceMinutes} minutes in the future");
        }

        if (scannedAt < now.AddDays(-options.RetentionDays))
        {
            return new FieldError("scannedAt", $"is older than the retention period of {options.RetentionDays} days");
        }

        if (input.LeftAt is not null && LeftAtProblem(input.LeftAt, scannedAt, out leftAt) is { } leftProblem)
        {
            return leftProblem;
        }

        return _seen.Add(input.ScanId!) ? null : new FieldError("scanId", "appears more than once in this batch");
    }

    private FieldError? LeftAtProblem(string text, DateTimeOffset scannedAt, out DateTimeOffset? leftAt)
    {
        leftAt = null;
        if (!IsoTime.TryParse(text, out var parsed))
        {
            return new FieldError("leftAt", FieldErrors.TimeRule);
        }

        if (parsed <= scannedAt)
        {
            return new FieldError("leftAt", "must be after scannedAt");
        }

        if (parsed - scannedAt > TimeSpan.FromHours(options.MaxStayHours))
        {
            return new FieldError("leftAt", $"is more than {options.MaxStayHours} hours after scannedAt");
        }

        leftAt = parsed;
        return null;
    }
}
