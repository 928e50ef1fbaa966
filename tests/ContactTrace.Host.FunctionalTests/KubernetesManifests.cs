using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ContactTrace.Host.FunctionalTests;

/// <summary>
/// The objects a kustomization under <c>k8s/</c> renders to, as JSON trees. Rendered by <c>kubectl kustomize</c>
/// when kubectl is on the PATH; otherwise by <see cref="RenderBuiltIn"/>, which knows the subset of kustomize the
/// manifests use (<c>resources</c>, <c>patches</c> that merge maps or <c>$patch: delete</c> an object, and
/// <c>images</c> with a new name or tag) and
/// refuses anything else, so that it cannot silently render something kubectl would not.
/// </summary>
public sealed class KubernetesManifests(IReadOnlyList<JsonObject> objects)
{
    private static readonly HashSet<string> BuiltInFields = ["apiVersion", "kind", "resources", "patches", "images"];

    public IReadOnlyList<JsonObject> Objects { get; } = objects;

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string? Kubectl { get; } = FindOnPath("kubectl");

    public JsonObject Get(string kind, string name) =>
        Find(kind, name) ?? throw new InvalidOperationException($"No {kind} {name} in the rendered manifests.");

    public JsonObject? Find(string kind, string name) =>
        Objects.SingleOrDefault(o => (string?)o["kind"] == kind && (string?)o["metadata"]?["name"] == name);

    /// <summary>Renders <paramref name="directory"/> (relative to the repository root) with kubectl, or built in without it.</summary>
    public static async Task<KubernetesManifests> RenderAsync(string directory, CancellationToken cancellationToken) =>
        Kubectl is null ? RenderBuiltIn(directory) : await RenderWithKubectlAsync(directory, cancellationToken);

    public static async Task<KubernetesManifests> RenderWithKubectlAsync(string directory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Kubectl ?? "kubectl", ["kustomize", Path.Combine(RepositoryRoot, directory)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start kubectl.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0 || (await errors).Length > 0)
        {
            throw new InvalidOperationException($"kubectl kustomize {directory} failed ({process.ExitCode}): {await errors}");
        }

        return new KubernetesManifests(ParseYaml(await output));
    }

    public static KubernetesManifests RenderBuiltIn(string directory) =>
        new(RenderDirectory(Path.Combine(RepositoryRoot, directory)));

    public static List<JsonObject> ParseYaml(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Select(d => ToJson(d.RootNode)).OfType<JsonObject>().ToList();
    }

    /// <summary>A JSON text with the keys of every object sorted, for comparing renderings.</summary>
    public static string Canonical(JsonNode? node) => node switch
    {
        JsonObject o => "{" + string.Join(",", o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => JsonValue.Create(p.Key).ToJsonString() + ":" + Canonical(p.Value))) + "}",
        JsonArray a => "[" + string.Join(",", a.Select(Canonical)) + "]",
        null => "null",
        _ => node.ToJsonString(),
    };

    private static List<JsonObject> RenderDirectory(string directory)
    {
        var kustomization = ParseYaml(File.ReadAllText(Path.Combine(directory, "kustomization.yaml"))).Single();
        var unsupported = kustomization.Select(p => p.Key).Where(k => !BuiltInFields.Contains(k)).ToList();
        if (unsupported.Count > 0)
        {
            throw new NotSupportedException($"The built-in renderer does not know {string.Join(", ", unsupported)} ({directory}); install kubectl.");
        }

        var objects = new List<JsonObject>();
        foreach (var resource in kustomization["resources"]?.AsArray() ?? [])
        {
            var path = Path.GetFullPath(Path.Combine(directory, (string)resource!));
            objects.AddRange(Directory.Exists(path) ? RenderDirectory(path) : ParseYaml(File.ReadAllText(path)));
        }

        foreach (var patch in kustomization["patches"]?.AsArray() ?? [])
        {
            if (patch!.AsObject().Any(p => p.Key != "path"))
            {
                throw new NotSupportedException($"The built-in renderer knows only patches with a path ({directory}).");
            }

            foreach (var document in ParseYaml(File.ReadAllText(Path.Combine(directory, (string)patch["path"]!))))
            {
                Apply(objects, document);
            }
        }

        foreach (var image in kustomization["images"]?.AsArray() ?? [])
        {
            SetImage(objects, image!.AsObject());
        }

        return objects;
    }

    private static void SetImage(List<JsonObject> objects, JsonObject image)
    {
        if (image.Any(p => p.Key is not ("name" or "newName" or "newTag")))
        {
            throw new NotSupportedException($"The built-in renderer knows only images with name, newName and newTag: {image.ToJsonString()}");
        }

        var name = (string)image["name"]!;
        var containers = objects.Select(o => o["spec"]?["template"]?["spec"]?["containers"]).OfType<JsonArray>().SelectMany(c => c).OfType<JsonObject>();
        foreach (var container in containers)
        {
            var current = (string)container["image"]!;
            var tagAt = current.LastIndexOf(':');
            var (currentName, currentTag) = tagAt > current.LastIndexOf('/') ? (current[..tagAt], current[tagAt..]) : (current, "");
            if (currentName == name)
            {
                container["image"] = ((string?)image["newName"] ?? currentName) + (image["newTag"] is JsonNode tag ? ":" + (string)tag! : currentTag);
            }
        }
    }

    private static void Apply(List<JsonObject> objects, JsonObject patch)
    {
        var target = objects.Single(o => (string?)o["kind"] == (string?)patch["kind"] && (string?)o["metadata"]!["name"] == (string?)patch["metadata"]!["name"]);
        if ((string?)patch["$patch"] == "delete")
        {
            objects.Remove(target);
            return;
        }

        Merge(target, patch);
    }

    /// <summary>Strategic merge for maps: a null deletes the key, maps merge, everything else (lists too) replaces.</summary>
    private static void Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch)
        {
            if (value is null)
            {
                target.Remove(key);
            }
            else if (value is JsonObject map && target[key] is JsonObject existing)
            {
                Merge(existing, map);
            }
            else
            {
                target[key] = value.DeepClone();
            }
        }
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(p => KeyValuePair.Create(((YamlScalarNode)p.Key).Value!, ToJson(p.Value)))),
        YamlSequenceNode list => new JsonArray(list.Children.Select(ToJson).ToArray()),
        YamlScalarNode { Style: ScalarStyle.Plain } plain => Plain(plain.Value),
        YamlScalarNode quoted => JsonValue.Create(quoted.Value ?? ""),
        _ => throw new NotSupportedException($"YAML node {node.NodeType}"),
    };

    private static JsonNode? Plain(string? value) => value switch
    {
        null or "" or "~" or "null" => null,
        "true" => JsonValue.Create(true),
        "false" => JsonValue.Create(false),
        _ when int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
        _ when long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
        _ => JsonValue.Create(value),
    };

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ContactTrace.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No ContactTrace.sln above {AppContext.BaseDirectory}.");
    }

    private static string? FindOnPath(string file) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, file))
            .FirstOrDefault(File.Exists);
}
