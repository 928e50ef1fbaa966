using ContactTrace.Bench.Cli;
using ContactTrace.Bench.Commands.Lists;
using ContactTrace.Bench.Hosting;

namespace ContactTrace.Bench.Commands;

/// <summary>
/// <c>bench persons</c>: <c>GET /api/persons?q=</c> at 1,000,000 persons (three-character Chinese names from 40
/// surnames and 40 given-name characters, 11-digit phones, households of three, compounds of 300) by full name,
/// surname and given name, surname alone, phone and id prefixes, and by household and compound; goal p99 ≤ 50 ms.
/// </summary>
internal static class PersonSearchCommand
{
    private const string Surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏";
    private const string Given = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉建国志宏海波宁";

    public static async Task<int> RunAsync(Arguments args, CancellationToken ct)
    {
        var options = ListOptions.Read("persons", "persons", 1_000_000, args);
        var repoRoot = RepoRoot.Find(options.Repo);
        using var work = new WorkDirectory("persons", options.Keep);
        var n = options.Rows;
        var load = string.Create(CultureInfo.InvariantCulture, $"""
            INSERT INTO persons (person_id, district, household_id, name, phone, compound_id)
            SELECT 'bp-' || lpad(i::text, 7, '0'),
                   (ARRAY['daoli','nangang','daowai','pingfang','songbei','xiangfang','hulan','acheng','shuangcheng'])[1 + i % 9],
                   'bh-' || (i / 3),
                   substr('{Surnames}', 1 + i % 40, 1) || substr('{Given}', 1 + (i / 40) % 40, 1) || substr('{Given}', 1 + (i / 1600) % 40, 1),
                   '13' || lpad(((i::bigint * 7919) % 1000000000)::text, 9, '0'),
                   'bq-' || (i / 300)
            FROM generate_series(0, {n - 1}) AS i;
            """);
        string[] indexes = ["persons_id_prefix_idx", "persons_name_prefix_idx", "persons_phone_prefix_idx", "persons_compound_idx"];
        string Name(int i, int length) => string.Concat(Surnames[i % 40], Given[i * 7 % 40], Given[i * 13 % 40])[..length];
        ListQuery[] queries =
        [
            new("full name (3 chars)", i => $"/api/persons?q={Uri.EscapeDataString(Name(i, 3))}"),
            new("surname + given (2)", i => $"/api/persons?q={Uri.EscapeDataString(Name(i, 2))}"),
            new("surname (1 char)", i => $"/api/persons?q={Uri.EscapeDataString(Name(i, 1))}"),
            new("surname in a district", i => $"/api/persons?q={Uri.EscapeDataString(Name(i, 1))}&district=nangang"),
            new("phone prefix (7 digits)", i => string.Create(CultureInfo.InvariantCulture, $"/api/persons?q=13{i * 7919 % 100_000:00000}")),
            new("id prefix", i => string.Create(CultureInfo.InvariantCulture, $"/api/persons?q=bp-{i * 7919 % (n / 100 + 1):00000}")),
            new("household", i => string.Create(CultureInfo.InvariantCulture, $"/api/persons?householdId=bh-{i * 7919 % (n / 3)}")),
            new("compound", i => string.Create(CultureInfo.InvariantCulture, $"/api/persons?compoundId=bq-{i * 7919 % (n / 300 + 1)}")),
            new("surname, page 2", i => $"/api/persons?q={Uri.EscapeDataString(Name(i, 1))}", SecondPage: true),
        ];
        Console.WriteLine($"bench persons --persons {n} --requests {options.Requests}");
        return await new ListScenario(options, repoRoot, work.Path).RunAsync(load, indexes, queries, 50, ct);
    }
}
