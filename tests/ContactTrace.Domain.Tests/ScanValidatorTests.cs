using System.Globalization;
using ContactTrace.Scans;
using CsCheck;

namespace ContactTrace.Domain.Tests;

/// <summary>Each rule of <see cref="ScanValidator"/>, and the whole of them against an independent model.</summary>
public sealed class ScanValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 4, 0, 0, TimeSpan.Zero);

    private static ScanValidator NewValidator(ScanOptions? options = null) => new(options ?? new ScanOptions(), Now);

    private static string Iso(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    private static ScanInput Valid(string scanId = "s-1", DateTimeOffset? scannedAt = null, string? leftAt = null) =>
        new(scanId, "p-1", "v-1", Iso(scannedAt ?? Now.AddHours(-1)), leftAt);

    private static ScanRejection Rejects(ScanInput input, int index = 0, ScanValidator? validator = null)
    {
        var accepted = (validator ?? NewValidator()).TryValidate(index, input, out var scan, out var rejection);

        Assert.False(accepted);
        Assert.Null(scan);
        Assert.NotNull(rejection);
        Assert.False(string.IsNullOrWhiteSpace(rejection.Message));
        return rejection;
    }

    private static Scan Accepts(ScanInput input, int index = 0, ScanValidator? validator = null)
    {
        var accepted = (validator ?? NewValidator()).TryValidate(index, input, out var scan, out var rejection);

        Assert.True(accepted, $"rejected: {rejection}");
        Assert.Null(rejection);
        Assert.NotNull(scan);
        return scan;
    }

    [Fact]
    public void AWellFormedScanIsAcceptedWithItsTimesInUtc()
    {
        var input = new ScanInput("s-1", "p-1", "v-1", "2026-11-20T11:30:00+08:00", "2026-11-20T12:15:30.5+08:00");

        var scan = Accepts(input);

        Assert.Equal(new Scan("s-1", "p-1", "v-1",
            new DateTimeOffset(2026, 11, 20, 3, 30, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 11, 20, 4, 15, 30, 500, TimeSpan.Zero)), scan);
        Assert.Equal(TimeSpan.Zero, scan.ScannedAt.Offset);
        Assert.Equal(TimeSpan.Zero, scan.LeftAt!.Value.Offset);
    }

    [Theory]
    [InlineData("2026-11-20T03:00Z")]
    [InlineData("2026-11-20T03:00:00Z")]
    [InlineData("2026-11-20T03:00:00.0000000Z")]
    [InlineData("2026-11-20T11:00:00+08:00")]
    [InlineData("2026-11-19T22:00:00-05:00")]
    public void EveryIsoFormWithAnOffsetIsAccepted(string scannedAt)
    {
        var scan = Accepts(new ScanInput("s-1", "p-1", "v-1", scannedAt, null));

        Assert.Equal(new DateTimeOffset(2026, 11, 20, 3, 0, 0, TimeSpan.Zero), scan.ScannedAt);
        Assert.Null(scan.LeftAt);
    }

    [Theory]
    [InlineData(null, "p-1", "v-1", "scanId")]
    [InlineData("", "p-1", "v-1", "scanId")]
    [InlineData("bad id", "p-1", "v-1", "scanId")]
    [InlineData("s/1", "p-1", "v-1", "scanId")]
    [InlineData("s-1", null, "v-1", "personId")]
    [InlineData("s-1", "", "v-1", "personId")]
    [InlineData("s-1", "张三", "v-1", "personId")]
    [InlineData("s-1", "p-1\n", "v-1", "personId")]
    [InlineData("s-1", "p-1", null, "venueId")]
    [InlineData("s-1", "p-1", "", "venueId")]
    [InlineData("s-1", "p-1", "v#1", "venueId")]
    public void AMissingOrMalformedIdIsRejectedNamingItsField(string? scanId, string? personId, string? venueId, string field)
    {
        var rejection = Rejects(new ScanInput(scanId, personId, venueId, Iso(Now.AddHours(-1)), null), index: 4);

        Assert.Equal(field, rejection.Field);
        Assert.Equal(4, rejection.Index);
        Assert.Equal(scanId, rejection.ScanId);
    }

    [Fact]
    public void AnIdOfSixtyFourCharactersIsAcceptedAndOfSixtyFiveRejected()
    {
        var longest = new string('a', 64);

        Accepts(new ScanInput(longest, longest, longest, Iso(Now.AddHours(-1)), null));
        Assert.Equal("scanId", Rejects(new ScanInput(longest + "a", "p-1", "v-1", Iso(Now.AddHours(-1)), null)).Field);
        Assert.Equal("personId", Rejects(new ScanInput("s-1", longest + "a", "v-1", Iso(Now.AddHours(-1)), null)).Field);
        Assert.Equal("venueId", Rejects(new ScanInput("s-1", "p-1", longest + "a", Iso(Now.AddHours(-1)), null)).Field);
    }

    [Fact]
    public void EveryIdCharacterTheApiAllowsIsAccepted()
    {
        Accepts(new ScanInput("AZaz09._:-", "p.1_x:y-z", "V:12", Iso(Now.AddHours(-1)), null));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("2026-11-20T03:00:00")]
    [InlineData("2026-11-20")]
    [InlineData("2026-11-20 03:00:00Z")]
    [InlineData("yesterday")]
    [InlineData("2026-13-20T03:00:00Z")]
    [InlineData("2026-11-20T25:00:00Z")]
    [InlineData("1763607600")]
    public void AMissingOrUnreadableScannedAtIsRejectedNamingIt(string? scannedAt)
    {
        var rejection = Rejects(new ScanInput("s-1", "p-1", "v-1", scannedAt, null));

        Assert.Equal("scannedAt", rejection.Field);
    }

    [Fact]
    public void AScanMoreThanFiveMinutesInTheFutureIsRejected()
    {
        var rejection = Rejects(Valid(scannedAt: Now.AddMinutes(5).AddSeconds(1)));

        Assert.Equal("scannedAt", rejection.Field);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(60)]
    [InlineData(299)]
    [InlineData(300)]
    public void AScanUpToFiveMinutesInTheFutureIsAccepted(int secondsAhead)
    {
        var scan = Accepts(Valid(scannedAt: Now.AddSeconds(secondsAhead)));

        Assert.Equal(Now.AddSeconds(secondsAhead), scan.ScannedAt);
    }

    [Fact]
    public void AScanOlderThanTheRetentionPeriodIsRejected()
    {
        var rejection = Rejects(Valid(scannedAt: Now.AddDays(-28).AddSeconds(-1)));

        Assert.Equal("scannedAt", rejection.Field);
    }

    [Fact]
    public void AScanExactlyAsOldAsTheRetentionPeriodIsAccepted()
    {
        Accepts(Valid(scannedAt: Now.AddDays(-28)));
        Accepts(Valid(scannedAt: Now.AddDays(-27)));
    }

    [Fact]
    public void TheLimitsComeFromTheOptions()
    {
        var options = new ScanOptions { RetentionDays = 7, FutureToleranceMinutes = 0, MaxStayHours = 2 };
        ScanValidator Validator() => NewValidator(options);

        Assert.Equal("scannedAt", Rejects(Valid(scannedAt: Now.AddSeconds(1)), validator: Validator()).Field);
        Accepts(Valid(scannedAt: Now), validator: Validator());
        Assert.Equal("scannedAt", Rejects(Valid(scannedAt: Now.AddDays(-7).AddSeconds(-1)), validator: Validator()).Field);
        Accepts(Valid(scannedAt: Now.AddDays(-7)), validator: Validator());
        Assert.Equal("leftAt", Rejects(Valid(scannedAt: Now.AddHours(-3), leftAt: Iso(Now.AddHours(-1).AddSeconds(1))), validator: Validator()).Field);
        Accepts(Valid(scannedAt: Now.AddHours(-3), leftAt: Iso(Now.AddHours(-1))), validator: Validator());
    }

    [Fact]
    public void ALeftAtEqualToScannedAtIsRejected()
    {
        var at = Now.AddHours(-2);

        var rejection = Rejects(Valid(scannedAt: at, leftAt: Iso(at)));

        Assert.Equal("leftAt", rejection.Field);
    }

    [Fact]
    public void ALeftAtBeforeScannedAtIsRejected()
    {
        var at = Now.AddHours(-2);

        var rejection = Rejects(Valid(scannedAt: at, leftAt: Iso(at.AddMinutes(-10))));

        Assert.Equal("leftAt", rejection.Field);
    }

    [Fact]
    public void ALeftAtInAnotherOffsetIsComparedAsAnInstant()
    {
        var scannedAt = new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);

        // 09:59+08:00 is 01:59Z: before the scan, although its clock reading is later.
        Assert.Equal("leftAt", Rejects(Valid(scannedAt: scannedAt, leftAt: "2026-11-20T09:59:00+08:00")).Field);
        var scan = Accepts(Valid(scannedAt: scannedAt, leftAt: "2026-11-20T10:01:00+08:00"));
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 2, 1, 0, TimeSpan.Zero), scan.LeftAt);
    }

    [Fact]
    public void ALeftAtOneSecondAfterScannedAtIsAccepted()
    {
        var at = Now.AddHours(-2);

        var scan = Accepts(Valid(scannedAt: at, leftAt: Iso(at.AddSeconds(1))));

        Assert.Equal(at.AddSeconds(1), scan.LeftAt);
    }

    [Fact]
    public void AStayOfExactlyTheLongestAllowedIsAccepted()
    {
        var at = Now.AddDays(-2);

        var scan = Accepts(Valid(scannedAt: at, leftAt: Iso(at.AddHours(24))));

        Assert.Equal(at.AddHours(24), scan.LeftAt);
    }

    [Fact]
    public void AStayLongerThanMaxStayHoursIsRejected()
    {
        var at = Now.AddDays(-2);

        var rejection = Rejects(Valid(scannedAt: at, leftAt: Iso(at.AddHours(24).AddSeconds(1))));

        Assert.Equal("leftAt", rejection.Field);
    }

    [Theory]
    [InlineData("")]
    [InlineData("later")]
    [InlineData("2026-11-20T03:30:00")]
    public void AnUnreadableLeftAtIsRejectedNamingIt(string leftAt)
    {
        var rejection = Rejects(Valid(scannedAt: Now.AddHours(-1), leftAt: leftAt));

        Assert.Equal("leftAt", rejection.Field);
    }

    [Fact]
    public void TheSameScanIdTwiceInABatchRejectsTheSecondOnly()
    {
        var validator = NewValidator();

        var first = Accepts(Valid("s-dup", Now.AddHours(-2)), index: 0, validator);
        Accepts(Valid("s-other", Now.AddHours(-2)), index: 1, validator);
        var second = Rejects(Valid("s-dup", Now.AddHours(-1)), index: 2, validator);
        var third = Rejects(Valid("s-dup", Now.AddHours(-2)), index: 3, validator);

        Assert.Equal(Now.AddHours(-2), first.ScannedAt);
        Assert.Equal(new ScanRejection(2, "s-dup", "scanId", second.Message), second);
        Assert.Equal(new ScanRejection(3, "s-dup", "scanId", third.Message), third);
    }

    [Fact]
    public void ScanIdsAreComparedExactly()
    {
        var validator = NewValidator();

        Accepts(Valid("s-a"), index: 0, validator);
        Accepts(Valid("S-A"), index: 1, validator);
    }

    [Fact]
    public void ABatchOfDifferentValidatorsDoesNotShareScanIds()
    {
        Accepts(Valid("s-1"), validator: NewValidator());
        Accepts(Valid("s-1"), validator: NewValidator());
    }

    // ---- property: the validator against an independent model of the rules ----

    /// <summary>A generated id and whether the API's rule allows it.</summary>
    private sealed record class IdCase(string? Text, bool Valid);

    /// <summary>A generated timestamp text and the instant it denotes, or null when it denotes none.</summary>
    private sealed record class TimeCase(string? Text, DateTimeOffset? Instant);

    private sealed record class RecordCase(IdCase ScanId, IdCase PersonId, IdCase VenueId, TimeCase ScannedAt, TimeCase? LeftAt)
    {
        public ScanInput ToInput() => new(ScanId.Text, PersonId.Text, VenueId.Text, ScannedAt.Text, LeftAt?.Text);

        public override string ToString() => $"{{{ScanId.Text}|{PersonId.Text}|{VenueId.Text}|{ScannedAt.Text}|{LeftAt?.Text}}}";
    }

    private const string IdChars = "ABCXYZabcxyz0189._:-";

    private static Gen<string> Text(string chars, int min, int max) => Gen.Char[chars].Array[min, max].Select(a => new string(a));

    private static readonly Gen<IdCase> GenId = Gen.Frequency(
        (12, Text(IdChars, 1, 8).Select(s => new IdCase(s, true))),
        (2, Gen.Const(new IdCase(new string('x', 64), true))),
        (2, Gen.Const(new IdCase(new string('x', 65), false))),
        (1, Gen.Const(new IdCase(null, false))),
        (1, Gen.Const(new IdCase("", false))),
        (3, Gen.Select(Text(IdChars, 0, 4), Gen.Char[" /#\u00e9张\n\"'*"], Text(IdChars, 0, 4),
            (a, bad, b) => new IdCase(a + bad + b, false))));

    // Scan ids come from a small pool so that batches repeat them.
    private static readonly Gen<IdCase> GenScanId = Gen.Frequency(
        (6, Gen.Int[0, 5].Select(i => new IdCase($"s-{i}", true))),
        (4, GenId));

    private static readonly string[] Offsets = ["Z", "+00:00", "+08:00", "-05:00", "+05:45", "+14:00", "-12:00"];

    private static readonly long[] EdgeSeconds =
    [
        5 * 60, 5 * 60 + 1, 5 * 60 - 1, 0, -28L * 86400, -28L * 86400 - 1, -28L * 86400 + 1,
    ];

    // Seconds relative to Now: mostly within the acceptable range, often at its edges, sometimes well outside.
    private static readonly Gen<long> GenSecondsFromNow = Gen.Frequency(
        (6, Gen.Long[-28L * 86400, 5 * 60]),
        (3, Gen.OneOf(EdgeSeconds.Select(x => Gen.Const(x)).ToArray())),
        (2, Gen.Long[-40L * 86400, 2L * 86400]));

    private static readonly Gen<int> GenSubSecondTicks = Gen.Frequency(
        (3, Gen.Const(0)),
        (1, Gen.Int[1, (int)TimeSpan.TicksPerSecond - 1]));

    private static Gen<TimeCase> GenTimeAt(Gen<DateTimeOffset> instants) =>
        Gen.Select(instants, Gen.OneOf(Offsets.Select(x => Gen.Const(x)).ToArray()), Gen.Int[0, 2], (instant, offset, form) =>
        {
            var utc = instant.ToUniversalTime();
            if (form == 0)
            {
                utc = new DateTimeOffset(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
            }
            else if (form == 1)
            {
                utc = new DateTimeOffset(utc.Ticks - utc.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
            }

            var shift = offset == "Z" ? TimeSpan.Zero : TimeSpan.ParseExact(offset[1..], @"hh\:mm", CultureInfo.InvariantCulture) * (offset[0] == '-' ? -1 : 1);
            var local = utc.ToOffset(shift);
            var pattern = form switch
            {
                0 => "yyyy-MM-dd'T'HH:mm",
                1 => "yyyy-MM-dd'T'HH:mm:ss",
                _ => "yyyy-MM-dd'T'HH:mm:ss.fffffff",
            };
            var text = local.ToString(pattern, CultureInfo.InvariantCulture) + (offset == "Z" ? "Z" : local.ToString("zzz", CultureInfo.InvariantCulture));
            return new TimeCase(text, utc);
        });

    private static readonly Gen<TimeCase> GenUnreadableTime = Gen.OneOf(
        Gen.Const(new TimeCase(null, null)),
        Gen.Const(new TimeCase("", null)),
        Gen.Const(new TimeCase("2026-11-20T03:00:00", null)),
        Gen.Const(new TimeCase("2026-11-20", null)),
        Gen.Const(new TimeCase("2026-11-20 03:00:00Z", null)),
        Gen.Const(new TimeCase("2026-02-30T03:00:00Z", null)),
        Gen.Const(new TimeCase("2026-11-20T03:00:00+25:00", null)),
        Gen.Const(new TimeCase("0001-01-01T00:00:00+08:00", null)),
        Gen.Const(new TimeCase("9999-12-31T23:59:59-08:00", null)),
        Gen.Const(new TimeCase("T-", null)),
        Gen.Const(new TimeCase("-T", null)),
        Gen.Const(new TimeCase(new string('9', 41) + "T+", null)),
        Text("0123456789-:T+Z. ", 0, 30).Select(s => new TimeCase(s, null)));

    private static readonly Gen<TimeCase> GenScannedAt = Gen.Frequency(
        (8, GenTimeAt(Gen.Select(GenSecondsFromNow, GenSubSecondTicks, (s, t) => Now.AddSeconds(s).AddTicks(t)))),
        (1, GenUnreadableTime));

    private static readonly long[] StayEdgeSeconds = [0, 1, -1, 24 * 3600, 24 * 3600 + 1, 24 * 3600 - 1];

    private static Gen<TimeCase?> GenLeftAt(TimeCase scannedAt) => Gen.Frequency(
        (4, Gen.Const((TimeCase?)null)),
        (4, GenTimeAt(Gen.Select(
                Gen.Frequency((3, Gen.Long[-3600, 26 * 3600]), (2, Gen.OneOf(StayEdgeSeconds.Select(x => Gen.Const(x)).ToArray()))),
                GenSubSecondTicks,
                (s, t) => (scannedAt.Instant ?? Now.AddTicks(t)).AddSeconds(s)))
            .Select(c => (TimeCase?)c)),
        (1, GenUnreadableTime.Select(c => (TimeCase?)c)));

    private static readonly Gen<RecordCase> GenRecord =
        from scanId in GenScanId
        from personId in GenId
        from venueId in GenId
        from scannedAt in GenScannedAt
        from leftAt in GenLeftAt(scannedAt)
        select new RecordCase(scanId, personId, venueId, scannedAt, leftAt);

    /// <summary>The fields that break a rule, by the API's rules stated directly, without the scan-id-in-batch rule.</summary>
    private static HashSet<string> BrokenFields(RecordCase record)
    {
        var broken = new HashSet<string>();
        if (!record.ScanId.Valid)
        {
            broken.Add("scanId");
        }

        if (!record.PersonId.Valid)
        {
            broken.Add("personId");
        }

        if (!record.VenueId.Valid)
        {
            broken.Add("venueId");
        }

        var scannedAt = record.ScannedAt.Instant;
        if (scannedAt is null || scannedAt > Now + TimeSpan.FromMinutes(5) || scannedAt < Now - TimeSpan.FromDays(28))
        {
            broken.Add("scannedAt");
        }

        if (record.LeftAt is { Text: not null } leftAt)
        {
            var stay = leftAt.Instant - scannedAt;
            if (leftAt.Instant is null || (scannedAt is not null && (stay <= TimeSpan.Zero || stay > TimeSpan.FromHours(24))))
            {
                broken.Add("leftAt");
            }
        }

        return broken;
    }

    [Fact]
    public void ARejectedScanIdIsEchoedOnlyByItsFirstCharacters()
    {
        var rejection = Rejects(new ScanInput(new string('x', 29 * 1024 * 1024), "p-1", "v-1", Iso(Now.AddHours(-1)), null));

        Assert.Equal(new string('x', Ids.MaxLength) + "…", rejection.ScanId);
    }

    [Fact]
    public void ForAnyBatchTheValidatorNeverThrowsAndAcceptsExactlyTheRecordsThatKeepEveryRule()
    {
        GenRecord.List[1, 12].Sample(batch =>
        {
            var validator = NewValidator();
            var acceptedIds = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < batch.Count; i++)
            {
                var record = batch[i];
                var broken = BrokenFields(record);
                var duplicate = broken.Count == 0 && !acceptedIds.Add(record.ScanId.Text!);
                if (duplicate)
                {
                    broken.Add("scanId");
                }

                var accepted = validator.TryValidate(i, record.ToInput(), out var scan, out var rejection);

                if (broken.Count == 0)
                {
                    Assert.True(accepted, $"record {i} {record} was rejected: {rejection}");
                    Assert.Null(rejection);
                    Assert.NotNull(scan);
                    Assert.Equal(record.ScanId.Text, scan.ScanId);
                    Assert.Equal(record.PersonId.Text, scan.PersonId);
                    Assert.Equal(record.VenueId.Text, scan.VenueId);
                    Assert.Equal(record.ScannedAt.Instant, scan.ScannedAt);
                    Assert.Equal(TimeSpan.Zero, scan.ScannedAt.Offset);
                    Assert.Equal(record.LeftAt?.Instant, scan.LeftAt);
                    Assert.True(scan.LeftAt is null || scan.LeftAt.Value.Offset == TimeSpan.Zero, $"leftAt {scan.LeftAt} is not UTC");
                }
                else
                {
                    Assert.False(accepted, $"record {i} {record} was accepted although it breaks {string.Join(", ", broken)}");
                    Assert.Null(scan);
                    Assert.NotNull(rejection);
                    Assert.Equal(i, rejection.Index);
                    Assert.Equal(ScanRejection.Echo(record.ScanId.Text), rejection.ScanId);
                    Assert.Contains(rejection.Field, broken);
                    Assert.False(string.IsNullOrWhiteSpace(rejection.Message));
                }
            }
        }, iter: 20_000);
    }
}
