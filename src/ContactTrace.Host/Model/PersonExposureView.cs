using ContactTrace.Tracing;

namespace ContactTrace.Host.Model;

/// <summary>One case that reached a person: its tier, the path from the case's person to this person, and the evidence.</summary>
public sealed record class PersonExposureView(string CaseId, int Tier, string Category, ImmutableArray<string> Path, ImmutableArray<ExposureView> Exposures)
{
    /// <summary>
    /// The view of one exposure. A tier-2 person was reached through <see cref="Via"/>; someone sharing a secondary
    /// contact's home isolation is one hop further, through the close contact <paramref name="closeContact"/>.
    /// </summary>
    public static PersonExposureView Of(PersonExposure exposure, string personId, string? closeContact = null)
    {
        ImmutableArray<string> path = (Via(exposure), closeContact) switch
        {
            (null, _) => [exposure.CasePersonId, personId],
            ({ } via, null) => [exposure.CasePersonId, via, personId],
            ({ } via, { } close) => [exposure.CasePersonId, close, via, personId],
        };
        return new PersonExposureView(exposure.CaseId, exposure.Tier, exposure.Category, path, [.. exposure.Exposures.Select(ExposureView.Of)]);
    }

    /// <summary>Through whom a tier-2 person was reached, or <c>null</c> for tier 1.</summary>
    public static string? Via(PersonExposure exposure) =>
        exposure.Tier == 2 ? exposure.Exposures.Select(e => e.ViaPersonId).FirstOrDefault(v => v is not null) : null;
}
