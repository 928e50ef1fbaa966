namespace ContactTrace.Host.Validation;

/// <summary>Problem bodies: validation failures (<see cref="FieldErrors"/>), and the other answers, each still naming the field.</summary>
public static class Problems
{
    /// <summary>The errors as a validation problem: every field with its messages.</summary>
    public static ValidationProblem ToProblem(this FieldErrors errors) =>
        TypedResults.ValidationProblem(errors.ByField(), title: "The request is not valid.");

    public static ProblemDetails NotFound(string field, string detail) => new()
    {
        Status = StatusCodes.Status404NotFound,
        Title = "Not found.",
        Detail = detail,
        Extensions = { ["field"] = field },
    };

    public static ProblemDetails Forbidden(string field, string detail) => new()
    {
        Status = StatusCodes.Status403Forbidden,
        Title = "Forbidden.",
        Detail = detail,
        Extensions = { ["field"] = field },
    };

    public static ProblemDetails TooManyStreams(string field, string detail) => new()
    {
        Status = StatusCodes.Status429TooManyRequests,
        Title = "Too many open streams for this key.",
        Detail = detail,
        Extensions = { ["field"] = field },
    };

    public static ProblemDetails Conflict(string field, string detail) => new()
    {
        Status = StatusCodes.Status409Conflict,
        Title = "Conflict.",
        Detail = detail,
        Extensions = { ["field"] = field },
    };

    /// <summary>Never a bare 500 after a durable write: a batch's records are safe, and sending it again finishes what did not.</summary>
    public static ProblemDetails StoredButUnfinished(string field, string title, string detail, int accepted, int duplicates) => new()
    {
        Status = StatusCodes.Status503ServiceUnavailable,
        Title = title,
        Detail = detail,
        Extensions = { ["field"] = field, ["stored"] = true, ["accepted"] = accepted, ["duplicates"] = duplicates },
    };
}
