namespace ContactTrace.Bench.Commands.Trace;

/// <summary>One hour the superspreader spends at a busy close-class venue, and how many scans that venue had in it.</summary>
internal sealed record class SuperspreaderVisit(string VenueId, string Kind, DateTimeOffset From, int ScansThatHour);
