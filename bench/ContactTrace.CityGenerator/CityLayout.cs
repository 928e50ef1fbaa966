namespace ContactTrace.CityGenerator;

/// <summary>The generated city in compact arrays: what <see cref="City"/> serves its lists and scans from.</summary>
internal sealed record class CityLayout(
    HouseholdLayout Households, VenueLayout Venues, ImmutableArray<Hotel> Hotels, VenueChooser Chooser)
{
    /// <summary>Draws in a fixed order from one <see cref="Random"/>: households, venues, regular places, hotels.</summary>
    public static CityLayout Generate(CityParameters parameters)
    {
        var random = new Random(parameters.Seed);
        var households = HouseholdLayout.Generate(random, parameters.Persons);
        var venues = VenueLayout.Generate(random, parameters.VenueCount);
        var regular = VenueChooser.AssignRegularVenues(random, households, venues);
        var hotels = GenerateHotels(random, parameters.HotelCount);
        return new CityLayout(households, venues, hotels, new VenueChooser(parameters, households, venues, regular));
    }

    private static ImmutableArray<Hotel> GenerateHotels(Random random, int count)
    {
        var districts = DistrictPopulation.CreatePicker();
        var hotels = ImmutableArray.CreateBuilder<Hotel>(count);
        for (var i = 0; i < count; i++)
        {
            var unit = Districts.All[i < Districts.All.Length ? i : districts.Pick(random)];
            var capacity = random.Next(50, 301);
            var name = string.Create(CultureInfo.InvariantCulture, $"{unit.Label}隔离酒店{i + 1}号");
            hotels.Add(new Hotel(CityIds.Hotel(i), name, unit.Code, capacity));
        }

        return hotels.MoveToImmutable();
    }
}
