using ContactTrace.Hotels;
using Microsoft.Extensions.Configuration;

namespace ContactTrace.Grains.Configuration;

/// <summary>Reads overrides of the district distances from <c>ContactTrace:Hotels:Distances:&lt;from&gt;:&lt;to&gt;</c>.</summary>
public static class DistrictDistancesConfiguration
{
    public const string SectionName = "ContactTrace:Hotels:Distances";

    public static DistrictDistances Load(IConfiguration configuration)
    {
        var overrides = new Dictionary<(string, string), int>();
        foreach (var from in configuration.GetSection(SectionName).GetChildren())
        {
            foreach (var to in from.GetChildren())
            {
                if (!Districts.IsKnown(from.Key) || !Districts.IsKnown(to.Key) || !int.TryParse(to.Value, out var distance) || distance < 0)
                {
                    throw new InvalidOperationException($"{SectionName}:{from.Key}:{to.Key} must join two district codes with a distance >= 0.");
                }

                overrides[(from.Key, to.Key)] = distance;
            }
        }

        return overrides.Count == 0 ? DistrictDistances.Default : new DistrictDistances(overrides);
    }
}
