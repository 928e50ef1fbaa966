using System.Diagnostics.CodeAnalysis;

namespace ContactTrace;

/// <summary>Harbin's 18 units in the official order, the order the daily bulletin breaks ties with.</summary>
public static class Districts
{
    public static ImmutableArray<District> All { get; } =
    [
        new("daoli", "道里区", DistrictKind.District, 0, true),
        new("nangang", "南岗区", DistrictKind.District, 1, true),
        new("daowai", "道外区", DistrictKind.District, 2, true),
        new("pingfang", "平房区", DistrictKind.District, 3, true),
        new("songbei", "松北区", DistrictKind.District, 4, true),
        new("xiangfang", "香坊区", DistrictKind.District, 5, true),
        new("hulan", "呼兰区", DistrictKind.District, 6, false),
        new("acheng", "阿城区", DistrictKind.District, 7, false),
        new("shuangcheng", "双城区", DistrictKind.District, 8, false),
        new("yilan", "依兰县", DistrictKind.County, 9, false),
        new("fangzheng", "方正县", DistrictKind.County, 10, false),
        new("bin", "宾县", DistrictKind.County, 11, false),
        new("bayan", "巴彦县", DistrictKind.County, 12, false),
        new("mulan", "木兰县", DistrictKind.County, 13, false),
        new("tonghe", "通河县", DistrictKind.County, 14, false),
        new("yanshou", "延寿县", DistrictKind.County, 15, false),
        new("shangzhi", "尚志市", DistrictKind.CountyLevelCity, 16, false),
        new("wuchang", "五常市", DistrictKind.CountyLevelCity, 17, false),
    ];

    private static readonly Dictionary<string, District> ByCode = All.ToDictionary(d => d.Code, StringComparer.Ordinal);

    public static bool TryGet(string? code, [NotNullWhen(true)] out District? district)
    {
        if (code is null)
        {
            district = null;
            return false;
        }

        return ByCode.TryGetValue(code, out district);
    }

    public static bool IsKnown(string? code) => code is not null && ByCode.ContainsKey(code);
}
