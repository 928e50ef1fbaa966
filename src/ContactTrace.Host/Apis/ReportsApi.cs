using System.Globalization;
using ContactTrace.Host.Auth;
using Microsoft.Extensions.Options;

namespace ContactTrace.Host.Apis;

public static class ReportsApi
{
    public static RouteGroupBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/reports").WithTags("Reports");

        api.MapGet("/daily", GetDaily)
            .WithName("GetDailyReport").WithSummary("The daily bulletin's figures, or (format=text) the paragraph the press office reads out")
            .RequireAuthorization(Policies.Tracer);

        return api;
    }

    public static async Task<Results<Ok<DailyReportView>, ContentHttpResult, ValidationProblem>> GetDaily(
        string? date, string? until, string? format, IReportStore reports, IOptions<ContactTraceOptions> options)
    {
        var errors = new FieldErrors();
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            errors.Add("date", date is null ? "is required" : "must be YYYY-MM-DD");
        }
        else if (day.Year is < 2000 or > 2999)
        {
            errors.Add("date", "must be a date between 2000 and 2999");
        }

        var end = ParseUntil(errors, until);
        if (format is not (null or "json" or "text"))
        {
            errors.Add("format", "must be json or text");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);
        var start = Local(day.ToDateTime(TimeOnly.MinValue), zone);
        var figures = await reports.GetBulletinFiguresAsync(start, Local(day.ToDateTime(TimeOnly.MinValue) + end, zone));
        return format == "text"
            ? TypedResults.Text(BulletinText.Write(figures, zone), "text/plain; charset=utf-8")
            : TypedResults.Ok(DailyReportView.Of(figures));
    }

    private static DateTimeOffset Local(DateTime local, TimeZoneInfo zone) => new(local, zone.GetUtcOffset(local));

    // "until" is a local time of day; 24:00 (the default) is the whole day.
    private static TimeSpan ParseUntil(FieldErrors errors, string? until)
    {
        if (until is null or "24:00")
        {
            return TimeSpan.FromHours(24);
        }

        if (TimeOnly.TryParseExact(until, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) && time > TimeOnly.MinValue)
        {
            return time.ToTimeSpan();
        }

        errors.Add("until", "must be HH:mm after 00:00, at most 24:00");
        return TimeSpan.Zero;
    }
}
