namespace ContactTrace.Hotels;

/// <summary>What a check-in or check-out did.</summary>
public enum LifecycleOutcome
{
    Done,
    AlreadyDone,
    NotFound,
    NotAtThisHotel,
    InvalidState,

    /// <summary>A stated check-in before the exposure the isolation counts from: nothing changes.</summary>
    BeforeStart,

    /// <summary>A stated check-out before the guest's check-in: nothing changes.</summary>
    BeforeArrival,
}
