using ContactTrace.Cases;
using Microsoft.Extensions.Logging;

namespace ContactTrace.Grains.Screening;

/// <summary>
/// Turns a person's positive result into their case, one result at a time (a grain turn): the case id derives from
/// the test id, so a retry finds the case it made (the person's management names it); a person who is a case
/// already stays that case; the channel is
/// the person's management's, else the sampling context's (<see cref="TestCases"/>). It holds no state of its own:
/// the case grain and the managements are the record. It calls the case grain, which never calls back.
/// </summary>
public sealed class PersonScreeningGrain(IManagementStore managements, ILogger<PersonScreeningGrain> logger) : Grain, IPersonScreeningGrain
{
    public async Task<PositiveOutcome?> ReportPositiveAsync(TestResult test, DateTimeOffset receivedAt)
    {
        // A person who is a case already — by this result's earlier attempt, or by any other report — stays that case.
        var caseId = ScreeningIds.CaseForTest(test.TestId);
        var management = await managements.GetManagementAsync(test.PersonId);
        if (management.Category == ManagementCategory.Case && management.CaseId is { } existing)
        {
            return new PositiveOutcome(test.TestId, existing, existing == caseId);
        }

        var grain = GrainFactory.GetGrain<ICaseGrain>(caseId);
        var result = await grain.ReportAsync(TestCases.ReportFor(test, TestCases.ChannelFor(test.Context, management, receivedAt), receivedAt));
        return result.Outcome == CaseReportOutcome.Conflict ? Owned(result.Case!, test, caseId) : new PositiveOutcome(test.TestId, caseId, true);
    }

    // The case under the test's case id: this result's own (made by an earlier attempt), or — only if someone
    // reported a case under that id by hand — another person's, which this result cannot take over.
    private PositiveOutcome? Owned(CaseRecord record, TestResult test, string caseId)
    {
        if (record.Report.PersonId == test.PersonId)
        {
            return new PositiveOutcome(test.TestId, caseId, true);
        }

        logger.LogWarning("Positive result {TestId} derives case id {CaseId}, which another person's case holds; no case was made.", test.TestId, caseId);
        return null;
    }
}
