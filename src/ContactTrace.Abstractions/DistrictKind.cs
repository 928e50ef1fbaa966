namespace ContactTrace;

/// <summary>The administrative level of a unit; the bulletin lists districts (区) before counties and cities.</summary>
public enum DistrictKind
{
    District,
    County,
    CountyLevelCity,
}
