using ContactTrace.Hotels;
using ContactTrace.Policy;
using ContactTrace.Tracing;

namespace ContactTrace.Domain.Tests;

/// <summary>
/// <see cref="AssignmentLifecycle"/> as pure code: what takes a room and what frees one, the hotel's steps and their
/// outcomes, release at the period's end, and the stamps each change leaves once.
/// </summary>
public sealed class AssignmentLifecycleTests
{
    private static readonly DateTimeOffset T0 = new(2022, 11, 20, 8, 0, 0, TimeSpan.Zero);

    private static AssignmentRecord Waiting(string id, string kind = AssignmentKinds.CentralizedIsolation) =>
        AssignmentLifecycle.Create(new Assignment(id, $"p-{id}", "c-1", kind, null, T0, T0.AddDays(7), AssignmentLifecycle.InitialStatus(kind)), T0);

    private static AssignmentRecord Placed(string id) => AssignmentLifecycle.Place(Waiting(id), "h", T0.AddMinutes(1))!.After;

    private static AssignmentRecord CheckedIn(string id) => AssignmentLifecycle.CheckIn(Placed(id), "h", T0.AddHours(1), T0.AddHours(1)).Transition!.After;

    [Fact]
    public void OnlyCentralizedIsolationWaitsForARoom()
    {
        Assert.Equal(AssignmentStatuses.AwaitingCapacity, AssignmentLifecycle.InitialStatus(AssignmentKinds.CentralizedIsolation));
        Assert.Equal(AssignmentStatuses.Assigned, AssignmentLifecycle.InitialStatus(AssignmentKinds.HomeIsolation));
        Assert.Null(AssignmentLifecycle.Place(Waiting("home", AssignmentKinds.HomeIsolation), "h", T0));
    }

    [Fact]
    public void PlacementTakesTheWaitingInOrderUpToTheFreeRoomsAndPassesOverTheRest()
    {
        // Act
        var placed = AssignmentLifecycle.Place("h", capacity: 3, taken: 1, [Placed("a"), Waiting("b"), Waiting("c"), Waiting("d")], T0);

        // Assert
        Assert.Equal(["b", "c"], placed.Select(t => t.After.Assignment.AssignmentId));
        Assert.All(placed, t => Assert.Equal(("h", AssignmentStatuses.Assigned, (DateTimeOffset?)T0, true),
            (t.After.Assignment.HotelId, t.After.Assignment.Status, t.After.PlacedAt, t.After.TakesRoom)));
        Assert.Empty(AssignmentLifecycle.Place("h", capacity: 1, taken: 2, [Waiting("e")], T0));
    }

    [Theory]
    [InlineData(0, LifecycleOutcome.Done)]          // arrived at the exposure the isolation counts from
    [InlineData(26, LifecycleOutcome.Done)]         // a day later
    [InlineData(-1, LifecycleOutcome.BeforeStart)]  // an hour before being exposed
    public void AStatedArrivalIsNotBeforeTheExposureTheIsolationCountsFrom(double hoursAfterStart, LifecycleOutcome expected)
    {
        // Act
        var step = AssignmentLifecycle.CheckIn(Placed("a"), "h", T0.AddHours(hoursAfterStart), T0.AddHours(28));

        // Assert
        Assert.Equal(expected, step.Outcome);
        Assert.Equal(expected == LifecycleOutcome.Done ? T0.AddHours(hoursAfterStart) : null, step.Transition?.After.CheckedInAt);
    }

    [Fact]
    public void AStatedDepartureIsNotBeforeTheArrival()
    {
        var guest = CheckedIn("a"); // arrived at T0 + 1 h

        // Act
        var beforeArriving = AssignmentLifecycle.CheckOut(guest, "h", T0.AddMinutes(59), T0.AddHours(5));
        var later = AssignmentLifecycle.CheckOut(guest, "h", T0.AddHours(3), T0.AddHours(5));

        // Assert
        Assert.Equal((LifecycleOutcome.BeforeArrival, null), (beforeArriving.Outcome, beforeArriving.Transition));
        Assert.Equal((LifecycleOutcome.Done, (DateTimeOffset?)T0.AddHours(3)), (later.Outcome, later.Transition!.After.CheckedOutAt));
    }

    [Fact]
    public void AConvertedGuestKeepsTheRoomUntilCheckOutAndAConvertedArrivalDoesNot()
    {
        // Act
        var guest = AssignmentLifecycle.End(CheckedIn("a"), AssignmentStatuses.ConvertedToCase, T0.AddDays(1))!.After;
        var arrival = AssignmentLifecycle.End(Placed("b"), AssignmentStatuses.ConvertedToCase, T0.AddDays(1))!.After;
        var checkOut = AssignmentLifecycle.CheckOut(guest, "h", T0.AddDays(2), T0.AddDays(2));

        // Assert
        Assert.True(guest.TakesRoom);
        Assert.Equal(T0.AddDays(1), guest.EndedAt);
        Assert.False(arrival.TakesRoom);
        Assert.Equal(LifecycleOutcome.Done, checkOut.Outcome);
        Assert.Equal((AssignmentStatuses.ConvertedToCase, (DateTimeOffset?)T0.AddDays(2), false, (DateTimeOffset?)T0.AddDays(1)),
            (checkOut.Transition!.After.Assignment.Status, checkOut.Transition.After.CheckedOutAt, checkOut.Transition.After.TakesRoom, checkOut.Transition.After.EndedAt));
        Assert.Equal(LifecycleOutcome.AlreadyDone, AssignmentLifecycle.CheckOut(arrival, "h", T0.AddDays(2), T0.AddDays(2)).Outcome);
    }

    [Fact]
    public void TheHotelsStepsAnswerWhatTheyDidOrWhyNot()
    {
        Assert.Equal(LifecycleOutcome.NotFound, AssignmentLifecycle.CheckIn(null, "h", T0, T0).Outcome);
        Assert.Equal(LifecycleOutcome.NotAtThisHotel, AssignmentLifecycle.CheckIn(Placed("a"), "other", T0, T0).Outcome);
        Assert.Equal(LifecycleOutcome.AlreadyDone, AssignmentLifecycle.CheckIn(CheckedIn("a"), "h", T0, T0).Outcome);
        Assert.Equal(LifecycleOutcome.InvalidState, AssignmentLifecycle.CheckOut(Placed("a"), "h", T0, T0).Outcome);
        Assert.Null(AssignmentLifecycle.CheckOut(Placed("a"), "h", T0, T0).Transition);
    }

    [Fact]
    public void AMeasureIsReleasedWhenItsPeriodEndsAndAGuestIsCheckedOutThen()
    {
        var guest = CheckedIn("a");
        var end = guest.Assignment.End;

        // Act
        var early = AssignmentLifecycle.Release(guest, end.AddMinutes(-1), end);
        var released = AssignmentLifecycle.Release(guest, end, end.AddSeconds(5))!.After;

        // Assert
        Assert.Null(early);
        Assert.Equal((AssignmentStatuses.Released, (DateTimeOffset?)end, (DateTimeOffset?)end.AddSeconds(5), false),
            (released.Assignment.Status, released.CheckedOutAt, released.EndedAt, released.TakesRoom));
        Assert.Null(AssignmentLifecycle.Release(released, end.AddDays(1), end.AddDays(1)));
        Assert.Null(AssignmentLifecycle.Release(Waiting("home", AssignmentKinds.HomeIsolation), end, end)!.After.CheckedOutAt);
    }

    [Fact]
    public void AnExtensionKeepsTheAssignmentAndSaysWhyWhileTheSamePeriodChangesNothing()
    {
        var placed = Placed("a");

        // Act
        var extended = AssignmentLifecycle.Extend(placed, T0, T0.AddDays(8), AssignmentExtension.LaterExposure, T0.AddDays(1));

        // Assert
        Assert.Equal(("h", AssignmentStatuses.Assigned, T0.AddDays(8), AssignmentExtension.LaterExposure, (DateTimeOffset?)T0.AddMinutes(1)),
            (extended!.FeedHotelId, extended.After.Assignment.Status, extended.After.Assignment.End, extended.Reason, extended.After.PlacedAt));
        Assert.Null(AssignmentLifecycle.Extend(placed, T0, T0.AddDays(7), AssignmentExtension.LaterExposure, T0.AddDays(1)));
        Assert.Null(AssignmentLifecycle.End(AssignmentLifecycle.End(placed, AssignmentStatuses.Superseded, T0)!.After, AssignmentStatuses.Superseded, T0));
    }
}
