using ContactTrace.Cases;
using ContactTrace.Registry;

namespace ContactTrace.Screening;

/// <summary>
/// How a positive result becomes a case: under a case id derived from the test id (so that a retry reports the
/// same case), asymptomatic until a clinical classification says otherwise, counted under the channel DESIGN.md
/// derives — the person's management first, then the sampling context.
/// </summary>
public static class TestCases
{
    /// <summary>
    /// The channel to report a positive result under, or <c>null</c> when the person is under a management at
    /// <paramref name="reportedAt"/>: then the case grain's own rule of DESIGN.md decides between <c>isolation</c>
    /// and <c>contact-screening</c> from the assignments, as for any case reported without a channel.
    /// </summary>
    public static string? ChannelFor(string context, PersonManagement management, DateTimeOffset reportedAt) =>
        management.IsRunning(reportedAt) && management.Category != ManagementCategory.Case ? null : SamplingContexts.ChannelOf(context);

    /// <summary>The report a positive result makes: sampled when the test was, reported when the result reached us.</summary>
    public static CaseReport ReportFor(TestResult test, string? channel, DateTimeOffset receivedAt) =>
        new(ScreeningIds.CaseForTest(test.TestId), test.PersonId, Classifications.Asymptomatic, test.SampledAt, null,
            ManagementRules.ToMicroseconds(receivedAt), null, channel, null);
}
