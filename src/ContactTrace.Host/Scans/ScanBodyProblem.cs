namespace ContactTrace.Host.Scans;

/// <summary>Why a batch (of scans, of test results) was refused as a whole: the status to answer and the field to name.</summary>
internal sealed record class ScanBodyProblem(int Status, string Field, string Message)
{
    public ProblemHttpResult ToProblem() =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [Field] = [Message] })
        {
            Status = Status,
            Title = Status == StatusCodes.Status413PayloadTooLarge ? "The batch is too large." : "The batch could not be read.",
        });
}
