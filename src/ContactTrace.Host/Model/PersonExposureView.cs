using ContactTrace.Tracing;

namespace ContactTrace.Host.Model;

/// <summary>One case that reached a person: its tier, the path from the case's person to this person, and the evidence.</summary>
public sealed record class PersonExposureView(string CaseId, int Tier, string Category, ImmutableArray<string> Path, ImmutableArray<ExposureView> Exposures)
{
    public static PersonExposureView Of(PersonExposure exposure, string personId)
    {
        var via = exposure.Tier == 2 ? exposure.Exposures.Select(e => e.ViaPersonId).FirstOrDefault(v => v is not null) : null;
        ImmutableArray<string> path = via is null ? [exposure.CasePersonId, personId] : [exposure.CasePersonId, via, personId];
        return new PersonExposureView(exposure.CaseId, exposure.Tier, exposure.Category, path, [.. exposure.Exposures.Select(ExposureView.Of)]);
    }
}
