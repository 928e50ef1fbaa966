using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ContactTrace.Host.FunctionalTests;

/// <summary>
/// The rendered base and external-db overlay, and a real host (on a fresh PostgreSQL database) configured with the
/// silo Deployment's environment exactly as a pod would see it: downward-API values stand in for a pod, secret and
/// config map references resolve to the rendered Secret and ConfigMap. Only what cannot work outside a cluster is
/// replaced: the connection string (the Secret names the in-cluster database), the Secret's REPLACE-ME placeholders
/// (the host refuses them), the silo port (a fixed port may be taken on a shared machine), and the silo TLS Secret's
/// volume: a certificate made for the run, written where the mount would put <c>tls.crt</c> and <c>tls.key</c>.
/// </summary>
public sealed class KubernetesManifestsFixture : IAsyncLifetime
{
    public const string PodName = "contacttrace-7d9f8c6b5-x2k4q";
    public const string PodIp = "127.0.0.1";

    private ContactTraceHost? _baseHost;

    public KubernetesManifests Base { get; private set; } = null!;

    public KubernetesManifests ExternalDb { get; private set; } = null!;

    /// <summary>The Deployment's environment, resolved: environment variable name → value.</summary>
    public IReadOnlyDictionary<string, string> PodEnvironment { get; private set; } = null!;

    /// <summary>The configuration the host was started with: the pod environment as configuration keys, plus the replacements.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; private set; } = null!;

    public WebApplicationFactory<Program> Host { get; private set; } = null!;

    public string ConnectionString { get; private set; } = "";

    /// <summary>The certificate standing in for the Secret <c>contacttrace-silo-tls</c>.</summary>
    public X509Certificate2 SiloCertificate { get; } = SiloCertificates.Create("contacttrace-silo");

    /// <summary>Where the Deployment mounts the silo TLS Secret.</summary>
    public string SiloTlsMountPath => (string)Container(Deployment, "silo")["volumeMounts"]!.AsArray()
        .Single(m => (string?)m!["name"] == SiloTlsVolume["name"]!.GetValue<string>())!["mountPath"]!;

    public JsonObject SiloTlsVolume => PodSpec(Deployment)["volumes"]!.AsArray()
        .Single(v => (string?)v!["secret"]?["secretName"] == "contacttrace-silo-tls")!.AsObject();

    public JsonObject Deployment => Base.Get("Deployment", "contacttrace");

    public JsonObject Silo => Container(Deployment, "silo");

    public static JsonObject PodSpec(JsonObject workload) => workload["spec"]!["template"]!["spec"]!.AsObject();

    public static JsonObject Container(JsonObject workload, string name) =>
        PodSpec(workload)["containers"]!.AsArray().Select(c => c!.AsObject()).Single(c => (string?)c["name"] == name);

    public static IEnumerable<JsonObject> Env(JsonObject container) =>
        container["env"]?.AsArray().Select(e => e!.AsObject()) ?? [];

    /// <summary>How the host's configuration sees an environment variable: DOTNET_/ASPNETCORE_ prefixes dropped, __ as :.</summary>
    public static string ConfigurationKey(string variable)
    {
        foreach (var prefix in (string[])["DOTNET_", "ASPNETCORE_"])
        {
            if (variable.StartsWith(prefix, StringComparison.Ordinal))
            {
                variable = variable[prefix.Length..];
            }
        }

        return variable.Replace("__", ":", StringComparison.Ordinal);
    }

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        Base = await KubernetesManifests.RenderAsync("k8s", cancellationToken);
        ExternalDb = await KubernetesManifests.RenderAsync("k8s/overlays/external-db", cancellationToken);
        PodEnvironment = ResolveEnvironment();

        var settings = PodEnvironment.ToDictionary(p => ConfigurationKey(p.Key), p => p.Value);
        ConnectionString = await PostgresServer.CreateDatabaseAsync("kubernetes");
        settings["ConnectionStrings:Postgres"] = ConnectionString;
        settings["Cluster:SiloPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture);
        MountSiloTlsSecret(settings);
        Settings = settings;

        _baseHost = new ContactTraceHost(ConnectionString, "overridden-by-the-manifest");
        Host = _baseHost.WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        });
        _ = Host.Server; // start it now, so that the first test does not pay for it in its own timeout
    }

    public async ValueTask DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        if (_baseHost is not null)
        {
            await _baseHost.DisposeAsync();
        }
    }

    // Settings that point into the mounted Secret point into a folder of this run holding the same file names.
    private void MountSiloTlsSecret(Dictionary<string, string> settings)
    {
        var mount = Directory.CreateTempSubdirectory("contacttrace-k8s-tls-").FullName;
        SiloCertificates.WritePem(SiloCertificate, mount);
        foreach (var (key, value) in settings.Where(p => p.Value.StartsWith(SiloTlsMountPath + "/", StringComparison.Ordinal)).ToList())
        {
            settings[key] = Path.Combine(mount, value[(SiloTlsMountPath.Length + 1)..]);
        }
    }

    private Dictionary<string, string> ResolveEnvironment()
    {
        var resolved = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var variable in Env(Silo))
        {
            var name = (string)variable["name"]!;
            resolved[name] = variable["valueFrom"] is JsonObject from ? ValueFrom(from) : Expand((string?)variable["value"] ?? "", resolved);
        }

        return resolved;
    }

    private string ValueFrom(JsonObject from)
    {
        if (from["fieldRef"]?["fieldPath"] is JsonNode field)
        {
            return (string)field! switch
            {
                "metadata.name" => PodName,
                "status.podIP" => PodIp,
                var other => throw new NotSupportedException($"fieldRef {other}"),
            };
        }

        if (from["secretKeyRef"] is JsonObject secret)
        {
            // The host refuses the manifest's placeholders, as it should in a cluster: stand in a secret for each,
            // as an operator replacing REPLACE-ME would.
            var value = (string)Base.Get("Secret", (string)secret["name"]!)["stringData"]![(string)secret["key"]!]!;
            return value.StartsWith("REPLACE-ME", StringComparison.Ordinal) ? "test-secret-" + (string)secret["key"]! : value;
        }

        if (from["configMapKeyRef"] is JsonObject map)
        {
            return (string)Base.Get("ConfigMap", (string)map["name"]!)["data"]![(string)map["key"]!]!;
        }

        throw new NotSupportedException($"valueFrom {from.ToJsonString()}");
    }

    /// <summary>Kubernetes' $(VAR) expansion: a reference to a variable defined earlier is replaced, anything else kept.</summary>
    private static string Expand(string value, Dictionary<string, string> defined)
    {
        foreach (var (name, replacement) in defined)
        {
            value = value.Replace($"$({name})", replacement, StringComparison.Ordinal);
        }

        return value;
    }
}
