namespace ContactTrace.Hotels;

/// <summary>What a check-in or check-out did.</summary>
public enum LifecycleOutcome
{
    Done,
    AlreadyDone,
    NotFound,
    NotAtThisHotel,
    InvalidState,
}
