namespace ContactTrace.Hotels;

/// <summary>
/// Decides, as pure code, which hotel each waiting person should go to: first come first served; a hotel in the
/// person's district with a free room, else the nearest district with one; a household to one hotel where one has
/// room for all of its waiting members. Nobody is dropped: whoever does not fit stays waiting.
/// </summary>
public static class AllocationPlanner
{
    public static IReadOnlyDictionary<string, List<string>> Plan(
        IReadOnlyList<AwaitingPlacement> awaiting, IReadOnlyList<HotelAvailability> hotels, DistrictDistances distances)
    {
        var free = hotels.Where(h => h.Free > 0).ToDictionary(h => h.HotelId, h => h.Free, StringComparer.Ordinal);
        var plan = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var group in InArrivalOrder(awaiting))
        {
            var preferred = Candidates(group[0].District, hotels, distances).Where(free.ContainsKey).ToList();
            var together = preferred.FirstOrDefault(h => free[h] >= group.Count);
            foreach (var member in group)
            {
                var hotel = together ?? preferred.FirstOrDefault(h => free[h] > 0);
                if (hotel is null)
                {
                    break;
                }

                Take(plan, free, hotel, member.AssignmentId);
            }
        }

        return plan;
    }

    // Households move as one group, placed at the position of their earliest waiting member.
    private static IEnumerable<List<AwaitingPlacement>> InArrivalOrder(IReadOnlyList<AwaitingPlacement> awaiting) =>
        awaiting
            .OrderBy(a => a.QueuedAt).ThenBy(a => a.AssignmentId, StringComparer.Ordinal)
            .GroupBy(a => a.HouseholdId ?? "\0" + a.AssignmentId, StringComparer.Ordinal)
            .Select(g => g.ToList());

    private static IEnumerable<string> Candidates(string? district, IReadOnlyList<HotelAvailability> hotels, DistrictDistances distances)
    {
        var byDistrict = hotels.ToLookup(h => h.District, StringComparer.Ordinal);
        var order = district is null ? hotels.Select(h => h.District).Distinct() : distances.NearestFirst(district, hotels.Select(h => h.District));
        return order.SelectMany(d => byDistrict[d].OrderBy(h => h.HotelId, StringComparer.Ordinal).Select(h => h.HotelId));
    }

    private static void Take(Dictionary<string, List<string>> plan, Dictionary<string, int> free, string hotel, string assignmentId)
    {
        if (!plan.TryGetValue(hotel, out var list))
        {
            plan[hotel] = list = [];
        }

        list.Add(assignmentId);
        free[hotel]--;
    }
}
