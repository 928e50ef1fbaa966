using System.Collections.Concurrent;
using ContactTrace.Bench.Api;
using ContactTrace.Bench.Commands.Trace;

namespace ContactTrace.Bench.Commands.Soak;

/// <summary>
/// The soak's tracing-team traffic, each an <see cref="OpenLoop"/>: a reporter posting a new case of a random person
/// every <c>--case-every</c>, reported at the city's clock (<see cref="LiveScans.SimulatedNow"/>: the case's window
/// holds the visits sent so far, as a real case's holds the scans made before it was reported) and sampled an hour
/// before; and a reader that every <c>--read-every</c> reads a random reported case, the first page of its contacts
/// and today's bulletin, one after the other. Every case id posted is kept, answered or not: a POST that failed may
/// still have stored its case.
/// </summary>
internal sealed class CaseTraffic(TracingClient client, City city, LiveScans scans, SoakOptions options, RequestMeter meter)
{
    private const int MaxInFlight = 32;
    private readonly ConcurrentQueue<string> _posted = new();
    private readonly ConcurrentBag<string> _acknowledged = [];
    private readonly OpenLoop _reporter = new(options.CaseEvery, MaxInFlight);
    private readonly OpenLoop _reader = new(options.ReadEvery, MaxInFlight);

    public IReadOnlyCollection<string> Posted => _posted;

    public int Acknowledged => _acknowledged.Count;

    public int SkippedTicks => _reporter.Skipped + _reader.Skipped;

    public Task RunAsync(CancellationToken stop, CancellationToken abort)
    {
        var picker = new CasePicker(city, options.City.Seed);
        var readerRandom = new Random(options.City.Seed + 1);
        return Task.WhenAll(
            _reporter.RunAsync(number => ReportAsync(picker, number, abort), stop),
            _reader.RunAsync(_ => ReadAsync(readerRandom, abort), stop));
    }

    private async Task ReportAsync(CasePicker picker, long number, CancellationToken abort)
    {
        Person person;
        lock (picker)
        {
            person = picker.Next();
        }

        var reportedAt = scans.SimulatedNow;
        var body = new CaseBody(string.Create(CultureInfo.InvariantCulture, $"sk-case-{number + 1:D5}"), person.PersonId, "confirmed", reportedAt.AddHours(-1), reportedAt);
        _posted.Enqueue(body.CaseId);
        await Quietly(RequestKind.CasePost, async () =>
        {
            await client.PostCaseAsync(body, abort);
            _acknowledged.Add(body.CaseId);
            return true;
        }, abort);
    }

    private async Task ReadAsync(Random random, CancellationToken abort)
    {
        var cases = _acknowledged.ToArray();
        if (cases.Length > 0)
        {
            string caseId;
            lock (random)
            {
                caseId = cases[random.Next(cases.Length)];
            }

            await Quietly(RequestKind.CaseGet, () => client.GetCaseAsync(caseId, abort), abort);
            await Quietly(RequestKind.ContactsGet, () => client.GetBodyAsync($"api/cases/{caseId}/contacts?limit=100", abort), abort);
        }

        var today = CityClock.LocalDate(DateTimeOffset.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await Quietly(RequestKind.BulletinGet, () => client.GetBodyAsync($"api/reports/daily?date={today}", abort), abort);
    }

    /// <summary>Times the request; an error answer is only counted (the meter has it), the load goes on.</summary>
    private async Task Quietly<T>(RequestKind kind, Func<Task<T>> request, CancellationToken abort)
    {
        try
        {
            await meter.TimeAsync(kind, request, abort);
        }
        catch (Exception e) when (RequestMeter.IsAnswer(e, abort))
        {
        }
    }
}
