namespace ContactTrace.Bench.Commands.Soak;

/// <summary>The requests of the soak whose latencies and statuses are kept apart.</summary>
internal enum RequestKind
{
    ScanPost,
    CasePost,
    CaseGet,
    ContactsGet,
    BulletinGet,
    CheckInPost,
}

internal static class RequestKinds
{
    public static readonly RequestKind[] All = Enum.GetValues<RequestKind>();

    public static string Label(RequestKind kind) => kind switch
    {
        RequestKind.ScanPost => "scan POST",
        RequestKind.CasePost => "case POST",
        RequestKind.CaseGet => "case GET",
        RequestKind.ContactsGet => "contacts GET",
        RequestKind.BulletinGet => "bulletin GET",
        _ => "check-in POST",
    };
}
