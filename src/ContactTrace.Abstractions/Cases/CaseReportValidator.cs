namespace ContactTrace.Cases;

/// <summary>
/// The rules of <c>POST /api/cases</c> as pure code: ids, classification, channel and district codes, times with
/// an offset, nothing in the future, onset and sampling not after the report, isolation not after the report.
/// Each failure names its field (<see cref="FieldErrors"/>, whose rules for ids and times it uses). Whether the
/// person is registered is checked by the caller.
/// </summary>
public static class CaseReportValidator
{
    public static CaseReport? Validate(CaseInput input, DateTimeOffset now, FieldErrors errors)
    {
        errors.RequireId("caseId", input.CaseId).RequireId("personId", input.PersonId);
        if (!Classifications.IsKnown(input.Classification))
        {
            errors.Add("classification", input.Classification is null ? "is required" : "must be confirmed or asymptomatic");
        }

        if (input.District is not null && !Districts.IsKnown(input.District))
        {
            errors.Add("district", "is not a district code");
        }

        if (input.DiscoveryChannel is not null && !DiscoveryChannels.IsKnown(input.DiscoveryChannel))
        {
            errors.Add("discoveryChannel", $"is not a discovery channel; expected one of {string.Join(", ", DiscoveryChannels.All.Select(c => c.Code))}");
        }

        var sampledAt = errors.Time("sampledAt", input.SampledAt, now);
        var onsetAt = errors.Time("onsetAt", input.OnsetAt, now, required: false);
        var reportedAt = errors.Time("reportedAt", input.ReportedAt, now, required: false);
        var isolatedAt = errors.Time("isolatedAt", input.IsolatedAt, now, required: false);
        var report = reportedAt ?? now;
        NotAfterReport(errors, "sampledAt", sampledAt, report);
        NotAfterReport(errors, "onsetAt", onsetAt, report);
        NotAfterReport(errors, "isolatedAt", isolatedAt, report);

        return !errors.IsEmpty ? null : new CaseReport(input.CaseId!, input.PersonId!, input.Classification!, sampledAt!.Value.ToUniversalTime(),
            onsetAt?.ToUniversalTime(), reportedAt?.ToUniversalTime(), input.District, input.DiscoveryChannel, isolatedAt?.ToUniversalTime());
    }

    private static void NotAfterReport(FieldErrors errors, string field, DateTimeOffset? time, DateTimeOffset reportedAt)
    {
        if (time > reportedAt)
        {
            errors.Add(field, "must not be after reportedAt");
        }
    }
}
