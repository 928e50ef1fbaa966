namespace ContactTrace.CityGenerator;

/// <summary>
/// Persons grouped in households. Members of a household have consecutive person indexes: household
/// <c>h</c> holds persons <c>Start[h]</c> up to <c>Start[h + 1]</c>; <see cref="District"/> is per household.
/// </summary>
internal sealed record class HouseholdLayout(int[] HouseholdOfPerson, int[] Start, byte[] District)
{
    public int Count => District.Length;

    public int DistrictOfPerson(int person) => District[HouseholdOfPerson[person]];

    public static HouseholdLayout Generate(Random random, int persons)
    {
        var sizes = HouseholdSizes.CreatePicker();
        var districts = DistrictPopulation.CreatePicker();
        var householdOfPerson = new int[persons];
        var starts = new List<int>();
        var districtOfHousehold = new List<byte>();
        for (var person = 0; person < persons;)
        {
            // The last household is cut short when the persons run out.
            var size = Math.Min(sizes.Pick(random), persons - person);
            var household = starts.Count;
            starts.Add(person);
            districtOfHousehold.Add((byte)districts.Pick(random));
            Array.Fill(householdOfPerson, household, person, size);
            person += size;
        }

        starts.Add(persons);
        return new HouseholdLayout(householdOfPerson, [.. starts], [.. districtOfHousehold]);
    }
}
