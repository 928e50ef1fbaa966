using ContactTrace.Policy;
using Microsoft.Extensions.Configuration;

namespace ContactTrace.Grains.Configuration;

/// <summary>
/// Reads the policy in force from <c>ContactTrace:Policy</c>: a preset by name (default <c>national-v9</c>), then
/// any of its values overridden, e.g. <c>ContactTrace__Policy__LookbackDays=3</c>.
/// </summary>
public static class PolicyConfiguration
{
    public const string SectionName = "ContactTrace:Policy";

    public static TracingPolicy Load(IConfiguration configuration)
    {
        var section = configuration.GetSection(SectionName);
        var presetName = section["Preset"] ?? TracingPolicies.NationalV9Name;
        var preset = TracingPolicies.Find(presetName)
            ?? throw new InvalidOperationException($"{SectionName}:Preset '{presetName}' is not a preset; use {TracingPolicies.NationalV9Name} or {TracingPolicies.TwentyMeasuresName}.");

        var policy = preset with { };
        section.Bind(policy, o => o.ErrorOnUnknownConfiguration = false);
        if (section.GetSection(nameof(TracingPolicy.VenueExposedTestDays)).Get<int[]>() is { Length: > 0 } testDays)
        {
            policy = policy with { VenueExposedTestDays = [.. testDays] };
        }

        return Validate(policy with { Preset = presetName });
    }

    private static TracingPolicy Validate(TracingPolicy policy)
    {
        var problems = new List<string>();
        if (policy.LookbackDays is < 0 or > 30) problems.Add("LookbackDays must be 0-30");
        if (policy.CloseContactCentralizedDays is < 0 or > 60) problems.Add("CloseContactCentralizedDays must be 0-60");
        if (policy.CloseContactFollowUpDays is < 0 or > 60) problems.Add("CloseContactFollowUpDays must be 0-60");
        if (policy.SecondaryContactHomeIsolationDays is < 0 or > 60) problems.Add("SecondaryContactHomeIsolationDays must be 0-60");
        if (policy.CloseContactFollowUpKind is not (AssignmentKinds.HomeMonitoring or AssignmentKinds.HomeIsolation)) problems.Add("CloseContactFollowUpKind must be home-monitoring or home-isolation");
        if (policy.CloseVenueDwellMinutes is < 1 or > 1440 || policy.OpenVenueDwellMinutes is < 1 or > 1440) problems.Add("dwell minutes must be 1-1440");
        if (policy.MinOverlapMinutes is < 0 or > 1440) problems.Add("MinOverlapMinutes must be 0-1440");
        if (policy.HighRiskLiftDays is < 1 or > 365) problems.Add("HighRiskLiftDays must be 1-365");
        if (policy.KeyPopulationTestHours is < 1 or > 720 || policy.ArrivalTestHours is < 1 or > 720) problems.Add("KeyPopulationTestHours and ArrivalTestHours must be 1-720");
        if (policy.KeyPopulationLapseDays is < 1 or > 365 || policy.ArrivalMonitoringDays is < 0 or > 365) problems.Add("KeyPopulationLapseDays must be 1-365 and ArrivalMonitoringDays 0-365");
        if (policy.VenueExposedCodeDays is < 0 or > 365) problems.Add("VenueExposedCodeDays must be 0-365");
        return problems.Count == 0
            ? policy
            : throw new InvalidOperationException($"{SectionName} is not valid: {string.Join("; ", problems)}.");
    }
}
