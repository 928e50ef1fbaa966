namespace ContactTrace.Cases;

/// <summary>A case's classification: 确诊 or 无症状感染者.</summary>
public static class Classifications
{
    public const string Confirmed = "confirmed";
    public const string Asymptomatic = "asymptomatic";

    public static bool IsKnown(string? value) => value is Confirmed or Asymptomatic;
}
