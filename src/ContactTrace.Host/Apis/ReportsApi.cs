using System.Globalization;
using ContactTrace.Host.Auth;
using ContactTrace.Host.Reports;
using Microsoft.Extensions.Options;

namespace ContactTrace.Host.Apis;

public static class ReportsApi
{
    private const string Combined = "combined";
    private const string ByClass = "by-class";

    public static RouteGroupBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/reports").WithTags("Reports");

        api.MapGet("/daily", GetDaily)
            .WithName("GetDailyReport").WithDescription("A local day (ContactTrace:TimeZone) from 00:00 until until (default 24:00). A period not yet ended runs until the moment asked (complete: false; the paragraph says 统计时段尚未结束) — asked again within ContactTrace:Reports:ReuseFor (30 s), the figures already computed answer, periodEnd saying as of when; a day not yet begun is 400 naming date. format=text follows the press office's phrasing for the day's mix; breakdown=by-class breaks each class down on its own.").WithSummary("The daily bulletin's figures, or (format=text) the paragraph the press office reads out")
            .RequireAuthorization(Policies.Tracer);

        return api;
    }

    /// <summary>
    /// The bulletin of a local day (<c>ContactTrace:TimeZone</c>) from 00:00 until <c>until</c>. A period that has not
    /// ended runs until now and says so (<c>complete: false</c>; the paragraph adds 统计时段尚未结束);
    /// a day that has not begun is refused naming <c>date</c>. Figures computed within <c>ContactTrace:Reports:ReuseFor</c>
    /// answer again (<see cref="BulletinFiguresCache"/>).
    /// </summary>
    public static async Task<Results<Ok<DailyReportView>, ContentHttpResult, ValidationProblem>> GetDaily(
        string? date, string? until, string? format, string? breakdown, BulletinFiguresCache bulletins, IOptions<ContactTraceOptions> options,
        [FromKeyedServices(Clock.Key)] TimeProvider time)
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

        if (breakdown is not (null or Combined or ByClass))
        {
            errors.Add("breakdown", $"must be {Combined} or {ByClass}");
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);
        var period = errors.IsEmpty ? BulletinPeriod.Of(day, end, zone, time.GetUtcNow()) : null;
        if (errors.IsEmpty && period is null)
        {
            errors.Add("date", $"has not begun yet in {options.Value.TimeZone}");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var asked = period!;
        var figures = await bulletins.GetAsync(asked);
        var form = breakdown == ByClass ? BulletinBreakdown.ByClass : BulletinBreakdown.Combined;
        return format == "text"
            ? TypedResults.Text(BulletinText.Write(figures, zone, form, asked.Ended), "text/plain; charset=utf-8")
            : TypedResults.Ok(DailyReportView.Of(figures, asked.Ended));
    }

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
