namespace ContactTrace.Cases;

/// <summary>
/// The rules of <c>POST /api/cases</c> as pure code: ids, classification, channel and district codes, times with
/// an offset, nothing in the future, onset and sampling not after the report, isolation not after the report.
/// Each failure names its field. Whether the person is registered is checked by the caller.
/// </summary>
public static class CaseReportValidator
{
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    /// <summary>How far back a case's or a contact's times may lie: tracing is about the last weeks, not decades.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(366);

    public static CaseReport? Validate(CaseInput input, DateTimeOffset now, List<(string Field, string Message)> errors)
    {
        RequireId(errors, "caseId", input.CaseId);
        RequireId(errors, "personId", input.PersonId);
        if (!Classifications.IsKnown(input.Classification))
        {
            errors.Add(("classification", input.Classification is null ? "is required" : "must be confirmed or asymptomatic"));
        }

        if (input.District is not null && !Districts.IsKnown(input.District))
        {
            errors.Add(("district", "is not a district code"));
        }

        if (input.DiscoveryChannel is not null && !DiscoveryChannels.IsKnown(input.DiscoveryChannel))
        {
            errors.Add(("discoveryChannel", $"is not a discovery channel; expected one of {string.Join(", ", DiscoveryChannels.All.Select(c => c.Code))}"));
        }

        var sampledAt = Time(errors, "sampledAt", input.SampledAt, required: true, now);
        var onsetAt = Time(errors, "onsetAt", input.OnsetAt, required: false, now);
        var reportedAt = Time(errors, "reportedAt", input.ReportedAt, required: false, now);
        var isolatedAt = Time(errors, "isolatedAt", input.IsolatedAt, required: false, now);
        var report = reportedAt ?? now;
        NotAfterReport(errors, "sampledAt", sampledAt, report);
        NotAfterReport(errors, "onsetAt", onsetAt, report);
        NotAfterReport(errors, "isolatedAt", isolatedAt, report);

        return errors.Count > 0 ? null : new CaseReport(input.CaseId!, input.PersonId!, input.Classification!, sampledAt!.Value.ToUniversalTime(),
            onsetAt?.ToUniversalTime(), reportedAt?.ToUniversalTime(), input.District, input.DiscoveryChannel, isolatedAt?.ToUniversalTime());
    }

    private static void RequireId(List<(string, string)> errors, string field, string? id)
    {
        if (!Ids.IsValid(id))
        {
            errors.Add((field, id is null ? "is required" : "must be 1-64 characters of A-Z a-z 0-9 . _ : -"));
        }
    }

    private static DateTimeOffset? Time(List<(string, string)> errors, string field, string? text, bool required, DateTimeOffset now)
    {
        if (text is null)
        {
            if (required)
            {
                errors.Add((field, "is required"));
            }

            return null;
        }

        if (!IsoTime.TryParse(text, out var time))
        {
            errors.Add((field, "must be an ISO-8601 timestamp with offset"));
            return null;
        }

        if (time > now + FutureTolerance)
        {
            errors.Add((field, "is in the future"));
            return null;
        }

        if (time < now - MaxAge)
        {
            errors.Add((field, "is more than a year in the past"));
            return null;
        }

        return time;
    }

    private static void NotAfterReport(List<(string, string)> errors, string field, DateTimeOffset? time, DateTimeOffset reportedAt)
    {
        if (time > reportedAt)
        {
            errors.Add((field, "must not be after reportedAt"));
        }
    }
}
