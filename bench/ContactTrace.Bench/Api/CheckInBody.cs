namespace ContactTrace.Bench.Api;

/// <summary>The body of <c>POST /api/assignments/{id}/check-in</c> when the hotel states the arrival.</summary>
internal sealed record class CheckInBody(DateTimeOffset At);
