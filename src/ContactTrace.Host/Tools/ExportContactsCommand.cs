namespace ContactTrace.Host.Tools;

/// <summary>
/// <c>contacttrace export-contacts CASEID [--out FILE] [--tier 1|2] [--url URL] [--api-key KEY]</c>: the case's
/// contacts as CSV for field teams (the same rows as <c>GET /api/cases/{caseId}/contacts?format=csv</c>).
/// </summary>
internal sealed class ExportContactsCommand(CommandArguments arguments)
{
    public async Task<int> RunAsync()
    {
        if (arguments.Positional is not [var caseId])
        {
            await Console.Error.WriteLineAsync("usage: contacttrace export-contacts CASEID [--out FILE] [--tier 1|2] [--url URL] [--api-key KEY]");
            return 2;
        }

        using var http = new HttpClient { BaseAddress = new Uri(arguments.Url), Timeout = TimeSpan.FromMinutes(10) };
        http.DefaultRequestHeaders.Add("X-Api-Key", arguments.ApiKey ?? "");
        var tier = arguments.Option("tier") is { } t ? $"&tier={Uri.EscapeDataString(t)}" : "";
        using var response = await http.GetAsync($"/api/cases/{Uri.EscapeDataString(caseId)}/contacts?format=csv{tier}", HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode)
        {
            await Console.Error.WriteLineAsync($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            return 1;
        }

        await using var output = arguments.Option("out") is { } path ? File.Create(path) : Console.OpenStandardOutput();
        await (await response.Content.ReadAsStreamAsync()).CopyToAsync(output);
        return 0;
    }
}
