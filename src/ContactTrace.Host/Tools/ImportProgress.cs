using System.Security.Cryptography;
using System.Text.Json;

namespace ContactTrace.Host.Tools;

/// <summary>
/// What <c>import-scans</c> keeps in <c>FILE.progress</c> after each acknowledged batch: where it was sent
/// (<see cref="Target"/>), which content (<see cref="FileLength"/>, <see cref="FileSha256"/>), the last line
/// acknowledged and the first line of that batch — so that a rerun resumes only the same file into the same target,
/// and can check that the target still holds that batch.
/// </summary>
internal sealed record class ImportProgress(string Target, long FileLength, string FileSha256, long Line, long BatchFromLine)
{
    public static string PathFor(string file) => file + ".progress";

    /// <summary>The progress stored beside the file, or <c>null</c> when there is none or it cannot be read.</summary>
    public static async Task<ImportProgress?> ReadAsync(string file)
    {
        var path = PathFor(file);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ImportProgress>(await File.ReadAllTextAsync(path), JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            return null; // e.g. the bare line number older versions wrote: not tied to a target, so not trusted
        }
    }

    public async Task WriteAsync(string file)
    {
        var path = PathFor(file);
        await File.WriteAllTextAsync(path + ".tmp", JsonSerializer.Serialize(this, JsonSerializerOptions.Web));
        File.Move(path + ".tmp", path, overwrite: true);
    }

    public static void Delete(string file) => File.Delete(PathFor(file));

    public static async Task<(long Length, string Sha256)> FingerprintAsync(string file)
    {
        await using var stream = File.OpenRead(file);
        return (stream.Length, Convert.ToHexStringLower(await SHA256.HashDataAsync(stream)));
    }
}
