using ContactTrace.Host.Auth;
using ContactTrace.Queries;
using Microsoft.Extensions.Options;

namespace ContactTrace.Host.Model;

/// <summary>What the tracing teams' list and search handlers need, bundled for <c>[AsParameters]</c>.</summary>
public sealed class TracingWorkServices(
    IGrainFactory grains,
    ITracingQueries queries,
    AuditTrail audit,
    IOptions<ContactTraceOptions> options,
    [FromKeyedServices(Clock.Key)] TimeProvider time,
    Screening.HealthCodeBoard codes)
{
    public IGrainFactory Grains { get; } = grains;

    public ITracingQueries Queries { get; } = queries;

    public AuditTrail Audit { get; } = audit;

    public TimeProvider Time { get; } = time;

    /// <summary>The health codes as this silo holds them, for lists of persons.</summary>
    public Screening.HealthCodeBoard Codes { get; } = codes;

    public IOptions<ContactTraceOptions> Options { get; } = options;

    /// <summary>The city's zone (<c>ContactTrace:TimeZone</c>), where a day given as <c>YYYY-MM-DD</c> begins and ends.</summary>
    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(Options.Value.TimeZone);
}

/// <summary>One case of <c>GET /api/cases</c> and of the case stream: the case's fields, its trace, whether it was withdrawn.</summary>
public sealed record class CaseListItemView(
    string CaseId,
    string PersonId,
    string Classification,
    string District,
    string DiscoveryChannel,
    DateTimeOffset ReportedAt,
    DateTimeOffset SampledAt,
    DateTimeOffset? OnsetAt,
    DateTimeOffset? ConvertedAt,
    ImmutableArray<string> Sources,
    string ClusterId,
    TraceView Trace,
    DateTimeOffset? WithdrawnAt)
{
    public static CaseListItemView Of(CaseRow row) => new(
        row.CaseId, row.PersonId, row.Classification, row.District, row.DiscoveryChannel, row.ReportedAt, row.SampledAt, row.OnsetAt,
        row.ConvertedAt, row.Sources, row.ClusterId, TraceView.Of(row.Trace), row.WithdrawnAt);
}

/// <summary>One person found by <c>GET /api/persons?q=</c>, with the management they are under now.</summary>
public sealed record class PersonSearchItemView(
    string PersonId, string District, string? HouseholdId, string? CompoundId, string? Name, string? Phone, ManagementView Management, string HealthCode)
{
    public static PersonSearchItemView Of(PersonRow row, DateTimeOffset now, string healthCode) =>
        new(row.PersonId, row.Profile.District, row.Profile.HouseholdId, row.Profile.CompoundId, row.Profile.Name, row.Profile.Phone,
            ManagementNow(row.Management, now), healthCode);

    /// <summary>As the person grain shows it: a measure that has ended is no management any more; a case stays a case.</summary>
    public static ManagementView ManagementNow(PersonManagement management, DateTimeOffset now) =>
        management.IsRunning(now) ? new(management.Category, management.Since, management.Until) : new(ManagementCategory.None, null, null);
}

/// <summary>The answer of <c>GET /api/households/{householdId}</c>.</summary>
public sealed record class HouseholdView(string HouseholdId, ImmutableArray<HouseholdMemberView> Members);

public sealed record class HouseholdMemberView(
    string PersonId, string District, string? CompoundId, string? Name, string? Phone, ManagementView Management, string HealthCode, AssignmentView? Assignment)
{
    public static HouseholdMemberView Of(HouseholdMember member, DateTimeOffset now, string healthCode)
    {
        var person = member.Person;
        return new(person.PersonId, person.Profile.District, person.Profile.CompoundId, person.Profile.Name, person.Profile.Phone,
            PersonSearchItemView.ManagementNow(person.Management, now), healthCode, member.Assignment is { } a ? AssignmentView.Of(a) : null);
    }
}

/// <summary>One visit of <c>GET /api/venues/{venueId}/visits</c>.</summary>
public sealed record class VenueVisitView(string ScanId, string PersonId, DateTimeOffset ScannedAt, DateTimeOffset? LeftAt)
{
    public static VenueVisitView Of(VenueVisit visit) => new(visit.ScanId, visit.PersonId, visit.ScannedAt, visit.LeftAt);
}

/// <summary>One item of the city-wide waiting list: the assignment, the person's district and household, since when it waits.</summary>
public sealed record class WaitingAssignmentView(
    string AssignmentId, string PersonId, string CaseId, string Kind, DateTimeOffset Start, DateTimeOffset End, string Status,
    string? District, string? HouseholdId, DateTimeOffset WaitingSince)
{
    public static WaitingAssignmentView Of(WaitingAssignment w) => new(
        w.Assignment.AssignmentId, w.Assignment.PersonId, w.Assignment.CaseId, w.Assignment.Kind, w.Assignment.Start, w.Assignment.End,
        w.Assignment.Status, w.District, w.HouseholdId, w.QueuedAt);
}

/// <summary>One hotel of <c>GET /api/hotels</c>: its rooms and how many are taken now.</summary>
public sealed record class HotelListItemView(string HotelId, string Name, string District, int Capacity, int Occupied);

/// <summary>A contact a tracer reported after an interview, with the interview note.</summary>
public sealed record class ReportedContactView(string PersonId, DateTimeOffset At, DateTimeOffset? Until, string Setting, string? Note);

/// <summary>What the console needs to show codes in Chinese and times in the city's zone.</summary>
public sealed record class ConsoleSettingsView(
    string TimeZone,
    string Role,
    ImmutableArray<CodeLabel> Districts,
    ImmutableArray<CodeLabel> Channels);

public sealed record class CodeLabel(string Code, string Label);

/// <summary>A page of a list: <c>{ items, next }</c>, where <c>next</c> is the cursor for <c>?after=</c> or null at the end.</summary>
public sealed record class Page<T>(IReadOnlyList<T> Items, string? Next);
