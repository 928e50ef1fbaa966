namespace ContactTrace.CityGenerator;

/// <summary>
/// Where a person scans: their regular place, a venue in their own district, or one anywhere in the city, each
/// weighted by popularity. Districts without venues fall back to the whole city.
/// </summary>
internal sealed class VenueChooser
{
    private readonly CityParameters _parameters;
    private readonly HouseholdLayout _households;
    private readonly int[] _regularVenue;
    private readonly WeightedPicker _citywide;
    private readonly WeightedPicker[] _byDistrict;

    public VenueChooser(CityParameters parameters, HouseholdLayout households, VenueLayout venues, int[] regularVenue)
    {
        _parameters = parameters;
        _households = households;
        _regularVenue = regularVenue;
        _citywide = venues.CreatePicker() ?? throw new InvalidOperationException("The city has no venue.");
        _byDistrict = [.. Enumerable.Range(0, Districts.All.Length).Select(d => venues.CreatePicker(d) ?? _citywide)];
    }

    public int Choose(Random random, int person)
    {
        var draw = random.NextDouble();
        if (draw < _parameters.RegularVenueShare)
        {
            return _regularVenue[person];
        }

        var ownDistrictBelow = _parameters.RegularVenueShare + ((1 - _parameters.RegularVenueShare) * _parameters.OwnDistrictShare);
        var picker = draw < ownDistrictBelow ? _byDistrict[_households.DistrictOfPerson(person)] : _citywide;
        return picker.Pick(random);
    }

    /// <summary>
    /// Each person's regular place: an office, classroom, dormitory or logistics park, mostly in their own
    /// district. Weighted by the square root of popularity: workplaces differ in size far less than shops do.
    /// </summary>
    public static int[] AssignRegularVenues(Random random, HouseholdLayout households, VenueLayout venues)
    {
        var citywide = venues.CreatePicker(kind: p => p.IsRegularPlace, weight: Math.Sqrt) ?? venues.CreatePicker()!;
        var byDistrict = Enumerable.Range(0, Districts.All.Length)
            .Select(d => venues.CreatePicker(d, p => p.IsRegularPlace, Math.Sqrt) ?? citywide)
            .ToArray();
        var regular = new int[households.HouseholdOfPerson.Length];
        for (var person = 0; person < regular.Length; person++)
        {
            var picker = random.NextDouble() < 0.85 ? byDistrict[households.DistrictOfPerson(person)] : citywide;
            regular[person] = picker.Pick(random);
        }

        return regular;
    }
}
