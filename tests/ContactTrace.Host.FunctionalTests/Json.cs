namespace ContactTrace.Host.FunctionalTests;

internal static class Json
{
    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

    public static StringContent Raw(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
