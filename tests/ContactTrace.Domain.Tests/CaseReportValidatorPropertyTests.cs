using System.Globalization;
using ContactTrace.Cases;
using ContactTrace.Policy;
using ContactTrace.Tracing;
using CsCheck;

namespace ContactTrace.Domain.Tests;

/// <summary>
/// <see cref="CaseReportValidator"/> against an independent statement of the rules of <c>POST /api/cases</c>: for
/// any input it never throws; it accepts exactly the reports that keep every rule; an accepted report's times are
/// UTC and at most five minutes ahead of now; every rejection names a field of the input, and exactly the fields
/// that break a rule.
/// </summary>
public sealed class CaseReportValidatorPropertyTests
{
    private static readonly DateTimeOffset Now = new(2022, 12, 1, 7, 0, 0, TimeSpan.Zero);

    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    private static readonly string[] InputFields =
        ["caseId", "personId", "classification", "sampledAt", "onsetAt", "reportedAt", "district", "discoveryChannel", "isolatedAt"];

    private static readonly string[] DistrictCodes =
    [
        "daoli", "nangang", "daowai", "pingfang", "songbei", "xiangfang", "hulan", "acheng", "shuangcheng",
        "yilan", "fangzheng", "bin", "bayan", "mulan", "tonghe", "yanshou", "shangzhi", "wuchang",
    ];

    private static readonly string[] ChannelCodes =
    [
        "isolation", "community-screening", "contact-screening", "closed-loop-key-population", "open-key-population",
        "cross-region-assist", "arrival-test", "care-seeking",
    ];

    // ---- generated values, each with what the rules say about it

    /// <summary>A generated text and whether the rule of its field allows it.</summary>
    private sealed record class Choice(string? Text, bool Valid);

    /// <summary>A generated timestamp text and the instant it denotes, or null when it denotes none.</summary>
    private sealed record class TimeChoice(string? Text, DateTimeOffset? Instant);

    private sealed record class InputCase(
        Choice CaseId, Choice PersonId, Choice Classification, TimeChoice SampledAt, TimeChoice OnsetAt, TimeChoice ReportedAt,
        Choice District, Choice Channel, TimeChoice IsolatedAt)
    {
        public CaseInput ToInput() => new(CaseId.Text, PersonId.Text, Classification.Text, SampledAt.Text, OnsetAt.Text, ReportedAt.Text,
            District.Text, Channel.Text, IsolatedAt.Text);

        public override string ToString() => ToInput().ToString();
    }

    private const string IdChars = "ABCXYZabcxyz0189._:-";

    private static Gen<string> Text(string chars, int min, int max) => Gen.Char[chars].Array[min, max].Select(a => new string(a));

    private static Gen<T> Any<T>(params T[] values) => Gen.OneOf(values.Select(v => Gen.Const(v)).ToArray());

    private static readonly Gen<Choice> GenId = Gen.Frequency(
        (12, Text(IdChars, 1, 10).Select(s => new Choice(s, true))),
        (1, Gen.Const(new Choice(new string('i', 64), true))),
        (1, Gen.Const(new Choice(new string('i', 65), false))),
        (1, Gen.Const(new Choice(null, false))),
        (1, Gen.Const(new Choice("", false))),
        (2, Gen.Select(Text(IdChars, 0, 4), Any(" ", "/", "#", "é", "张", "\n", "\0", "'", "<", "\ud800"), Text(IdChars, 0, 4),
            (a, bad, b) => new Choice(a + bad + b, false))));

    private static readonly Gen<Choice> GenClassification = Gen.Frequency(
        (8, Any(new Choice("confirmed", true), new Choice("asymptomatic", true))),
        (2, Any(new Choice(null, false), new Choice("", false), new Choice("Confirmed", false), new Choice("confirmed ", false),
            new Choice("suspected", false), new Choice("确诊", false))));

    private static Gen<Choice> Code(string[] codes) => Gen.Frequency(
        (4, Gen.Const(new Choice(null, true))),
        (6, Any(codes).Select(c => new Choice(c, true))),
        (2, Any(codes).Select(c => new Choice(c.ToUpperInvariant(), false))),
        (1, Any("", " ", "unknown", "beijing", "<script>", "'; DROP TABLE cases; --").Select(c => new Choice(c, false))));

    private static readonly string[] Offsets = ["Z", "+00:00", "+08:00", "-05:00", "+05:45", "+14:00", "-12:00"];

    /// <summary>A time within two weeks before <see cref="Now"/> up to ten minutes after, often right at the five-minute edge.</summary>
    private static readonly Gen<DateTimeOffset> GenInstant = Gen.Frequency(
        (6, Gen.Long[-14L * 86400, 10 * 60].Select(s => Now.AddSeconds(s))),
        (3, Any(0L, -1L, 1L, 299L, 300L, 301L, -3600L, -86400L).Select(s => Now.AddSeconds(s))),
        (1, Gen.Select(Gen.Long[-3 * 86400, 0], Gen.Int[1, (int)TimeSpan.TicksPerSecond - 1], (s, t) => Now.AddSeconds(s).AddTicks(t))));

    /// <summary>The instant as the API's clients write it: to the minute, the second or the tick, in some offset.</summary>
    private static Gen<TimeChoice> Written(Gen<DateTimeOffset> instants) =>
        Gen.Select(instants, Any(Offsets), Gen.Int[0, 2], (instant, offset, form) =>
        {
            var utc = form switch
            {
                0 => new DateTimeOffset(instant.UtcTicks - instant.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero),
                1 => new DateTimeOffset(instant.UtcTicks - instant.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero),
                _ => instant.ToUniversalTime(),
            };
            var shift = offset == "Z" ? TimeSpan.Zero : TimeSpan.ParseExact(offset[1..], @"hh\:mm", CultureInfo.InvariantCulture) * (offset[0] == '-' ? -1 : 1);
            var local = utc.ToOffset(shift);
            var pattern = form switch { 0 => "yyyy-MM-dd'T'HH:mm", 1 => "yyyy-MM-dd'T'HH:mm:ss", _ => "yyyy-MM-dd'T'HH:mm:ss.fffffff" };
            var text = local.ToString(pattern, CultureInfo.InvariantCulture) + (offset == "Z" ? "Z" : local.ToString("zzz", CultureInfo.InvariantCulture));
            return new TimeChoice(text, utc);
        });

    private static readonly Gen<TimeChoice> GenUnreadable = Gen.Frequency(
        (6, Any(
            new TimeChoice("", null),
            new TimeChoice("2022-12-01T03:00:00", null),
            new TimeChoice("2022-12-01", null),
            new TimeChoice("2022-12-01 03:00:00Z", null),
            new TimeChoice("2022-02-30T03:00:00Z", null),
            new TimeChoice("2022-12-01T03:00:00+25:00", null),
            new TimeChoice("0001-01-01T00:00:00+08:00", null),
            new TimeChoice("9999-12-31T23:59:59-08:00", null),
            new TimeChoice("1669863600", null),
            new TimeChoice("yesterday", null),
            new TimeChoice("T-", null),
            new TimeChoice("-T", null),
            new TimeChoice(new string('9', 41) + "T+", null),
            new TimeChoice("2022-12-01T03:00:00.12345678Z", null))),
        (1, Text("0123456789-:T+Z. ", 0, 30).Select(s => new TimeChoice(s, null))));

    /// <summary>Readable and unreadable, and an instant far in the future that reads but is too late.</summary>
    private static readonly Gen<TimeChoice> GenTime = Gen.Frequency(
        (10, Written(GenInstant)),
        (1, Gen.Const(new TimeChoice("9999-12-31T23:59:59Z", new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero)))),
        (2, GenUnreadable));

    private static readonly Gen<TimeChoice> GenOptionalTime = Gen.Frequency(
        (4, Gen.Const(new TimeChoice(null, null))),
        (6, GenTime));

    private static readonly Gen<TimeChoice> GenSampledAt = Gen.Frequency(
        (12, GenTime),
        (1, Gen.Const(new TimeChoice(null, null))));

    private static Gen<InputCase> Inputs(Gen<TimeChoice> sampledAt, Gen<TimeChoice> optionalTime) =>
        from caseId in GenId
        from personId in GenId
        from classification in GenClassification
        from sampled in sampledAt
        from onset in optionalTime
        from reported in optionalTime
        from district in Code(DistrictCodes)
        from channel in Code(ChannelCodes)
        from isolated in optionalTime
        select new InputCase(caseId, personId, classification, sampled, onset, reported, district, channel, isolated);

    /// <summary>
    /// The fields that break a rule, stated directly: ids of the API's alphabet; a known classification; district and
    /// channel, when given, known codes; sampledAt required; every time given readable with an offset and at most
    /// five minutes ahead; onset, sampling and isolation not after the report (reportedAt, or now when it is not
    /// given or not usable).
    /// </summary>
    private static HashSet<string> BrokenFields(InputCase input)
    {
        var broken = new HashSet<string>(StringComparer.Ordinal);
        void Check(bool ok, string field)
        {
            if (!ok)
            {
                broken.Add(field);
            }
        }

        Check(input.CaseId.Valid, "caseId");
        Check(input.PersonId.Valid, "personId");
        Check(input.Classification.Valid, "classification");
        Check(input.District.Valid, "district");
        Check(input.Channel.Valid, "discoveryChannel");

        bool Usable(TimeChoice time) => time.Instant is { } instant && instant <= Now + Tolerance;
        Check(Usable(input.SampledAt), "sampledAt");
        Check(input.OnsetAt.Text is null || Usable(input.OnsetAt), "onsetAt");
        Check(input.ReportedAt.Text is null || Usable(input.ReportedAt), "reportedAt");
        Check(input.IsolatedAt.Text is null || Usable(input.IsolatedAt), "isolatedAt");

        var report = Usable(input.ReportedAt) ? input.ReportedAt.Instant!.Value : Now;
        Check(!Usable(input.SampledAt) || input.SampledAt.Instant <= report, "sampledAt");
        Check(!Usable(input.OnsetAt) || input.OnsetAt.Instant <= report, "onsetAt");
        Check(!Usable(input.IsolatedAt) || input.IsolatedAt.Instant <= report, "isolatedAt");
        return broken;
    }

    // ---- properties

    [Fact]
    public void ForAnyTextInAnyFieldTheValidatorNeverThrowsAndEveryRejectionNamesAFieldOfTheInput()
    {
        var anyText = Gen.Frequency(
            (2, Gen.Const((string?)null)),
            (3, Gen.String.Select(s => (string?)s)),
            (3, Gen.String[Gen.Char, 0, 80].Select(s => (string?)s)),
            (2, Any<string?>("", "confirmed", "asymptomatic", "daoli", "isolation", "2022-12-01T03:00:00Z", "0001-01-01T00:00:00Z",
                "9999-12-31T23:59:59Z", "\0", "\ud800", new string('x', 100_000))));
        var gen = Gen.Select(anyText.Array[9], texts => new CaseInput(texts[0], texts[1], texts[2], texts[3], texts[4], texts[5], texts[6], texts[7], texts[8]));

        gen.Sample(input =>
        {
            var errors = new FieldErrors();

            // Act
            var report = CaseReportValidator.Validate(input, Now, errors);

            // Assert
            Assert.Equal(report is null, errors.Count > 0);
            Assert.All(errors, e => Assert.Contains(e.Field, InputFields));
            Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message), $"{e.Field} has no message"));
        }, iter: 20_000);
    }

    [Fact]
    public void ItAcceptsExactlyTheReportsThatKeepEveryRuleAndNamesExactlyTheFieldsThatBreakOne()
    {
        Inputs(GenSampledAt, GenOptionalTime).Sample(input =>
        {
            var broken = BrokenFields(input);
            var errors = new FieldErrors();

            // Act
            var report = CaseReportValidator.Validate(input.ToInput(), Now, errors);

            // Assert
            if (broken.Count > 0)
            {
                Assert.True(report is null, $"{input} was accepted although it breaks {string.Join(", ", broken)}");
                Assert.Equal(broken.Order(StringComparer.Ordinal), errors.Select(e => e.Field).Distinct().Order(StringComparer.Ordinal));
                return;
            }

            Assert.True(report is not null, $"{input} was rejected: {string.Join("; ", errors)}");
            Assert.Empty(errors);
            Assert.Equal(
                new CaseReport(input.CaseId.Text!, input.PersonId.Text!, input.Classification.Text!, input.SampledAt.Instant!.Value,
                    input.OnsetAt.Instant, input.ReportedAt.Instant, input.District.Text, input.Channel.Text, input.IsolatedAt.Instant),
                report);
            foreach (var time in new[] { report.SampledAt, report.OnsetAt, report.ReportedAt, report.IsolatedAt })
            {
                Assert.True(time is null || time.Value.Offset == TimeSpan.Zero, $"{time} is not UTC in {report}");
                Assert.True(time is null || time.Value <= Now + Tolerance, $"{time} is more than five minutes ahead in {report}");
            }
        }, iter: 20_000);
    }

    [Fact]
    public void AnAcceptedReportAlwaysHasAnExposureWindow()
    {
        // Times as early as the calendar allows: a report the validator accepts must be one a case can be traced from.
        var ancient = Gen.Frequency(
            (3, Any(
                new TimeChoice("0001-01-01T00:00:00Z", DateTimeOffset.MinValue),
                new TimeChoice("0001-01-02T00:00Z", DateTimeOffset.MinValue.AddDays(1)),
                new TimeChoice("0001-01-03T00:00:00.0000001Z", DateTimeOffset.MinValue.AddDays(2).AddTicks(1)),
                new TimeChoice("1900-01-01T00:00:00+08:00", new DateTimeOffset(1899, 12, 31, 16, 0, 0, TimeSpan.Zero)))),
            (2, Written(GenInstant)));
        var optionalAncient = Gen.Frequency((1, Gen.Const(new TimeChoice(null, null))), (2, ancient));
        var policy = new TracingPolicy();

        Inputs(ancient, optionalAncient).Sample(input =>
        {
            var report = CaseReportValidator.Validate(input.ToInput(), Now, []);
            if (report is null)
            {
                return;
            }

            // Act
            var window = Record.Exception(() => ExposureWindow.For(report, report.ReportedAt ?? Now, policy, report.IsolatedAt));

            // Assert
            Assert.True(window is null, $"{input} was accepted, but its exposure window cannot be computed: {window?.Message}");
        }, iter: 5_000);
    }
}
