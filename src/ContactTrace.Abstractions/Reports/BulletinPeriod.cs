namespace ContactTrace.Reports;

/// <summary>
/// A bulletin's period as pure code: from local midnight of the day until the hour asked (24:00 by default), in the
/// city's zone. A period that has not ended when it is asked for runs until now and says so (<see cref="Ended"/>
/// false): figures are never given for a time still to come, and a day under way is never written as "0-24时"
/// (the paragraph gives the minute). A day that has not begun has no period.
/// </summary>
public sealed record class BulletinPeriod(DateTimeOffset Start, DateTimeOffset End, bool Ended)
{
    public static BulletinPeriod? Of(DateOnly day, TimeSpan until, TimeZoneInfo zone, DateTimeOffset now)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue);
        var start = Local(midnight, zone);
        var end = Local(midnight + until, zone);
        if (now < start)
        {
            return null;
        }

        if (now >= end)
        {
            return new BulletinPeriod(start, end, Ended: true);
        }

        return new BulletinPeriod(start, TimeZoneInfo.ConvertTime(now, zone), Ended: false);
    }

    private static DateTimeOffset Local(DateTime local, TimeZoneInfo zone) => new(local, zone.GetUtcOffset(local));
}
