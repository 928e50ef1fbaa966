namespace ContactTrace.Host.Tools;

/// <summary>
/// <c>contacttrace export-contacts CASEID</c>: the case's contacts as CSV for field teams (the same rows as
/// <c>GET /api/cases/{caseId}/contacts?format=csv</c>).
/// </summary>
internal sealed class ExportContactsCommand(CommandArguments arguments, TextWriter output, TextWriter error, HttpMessageHandler? handler = null)
{
    public const string Usage = """
        contacttrace export-contacts CASEID [--out FILE] [--tier 1|2] [--url URL] [--api-key KEY]
          Writes the case's contacts as CSV (GET /api/cases/{caseId}/contacts?format=csv) to FILE or standard
          output: personId, tier, category, first and last exposure, and the assignment. Key role: tracer or admin.
          A refusal (e.g. 401, 404) is one line on standard error, exit 1.
        """;

    public async Task<int> RunAsync()
    {
        if (arguments.Positional is not [var caseId] || !Uri.TryCreate(arguments.Url, UriKind.Absolute, out var url))
        {
            await error.WriteLineAsync("usage: " + Usage.Split('\n')[0]);
            return 2;
        }

        using var http = new HttpClient(handler ?? new SocketsHttpHandler(), disposeHandler: handler is null) { BaseAddress = url, Timeout = TimeSpan.FromMinutes(10) };
        http.DefaultRequestHeaders.Add("X-Api-Key", arguments.ApiKey ?? "");
        var tier = arguments.Option("tier") is { } t ? $"&tier={Uri.EscapeDataString(t)}" : "";
        using var response = await http.GetAsync($"/api/cases/{Uri.EscapeDataString(caseId)}/contacts?format=csv{tier}", HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode)
        {
            var body = (await response.Content.ReadAsStringAsync()).ReplaceLineEndings(" ");
            await error.WriteLineAsync($"export-contacts: {url} answered {(int)response.StatusCode} {response.ReasonPhrase}: {body}");
            return 1;
        }

        var contacts = await response.Content.ReadAsStreamAsync();
        if (arguments.Option("out") is { } path)
        {
            await using var file = File.Create(path);
            await contacts.CopyToAsync(file);
        }
        else
        {
            // Streamed: a city-scale case has hundreds of thousands of rows.
            using var reader = new StreamReader(contacts);
            var buffer = new char[64 * 1024];
            for (int read; (read = await reader.ReadAsync(buffer)) > 0;)
            {
                await output.WriteAsync(buffer.AsMemory(0, read));
            }
        }

        return 0;
    }
}
