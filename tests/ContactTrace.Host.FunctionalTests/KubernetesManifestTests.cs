using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ContactTrace.Host.Auth;
using ContactTrace.Host.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;

namespace ContactTrace.Host.FunctionalTests;

/// <summary>
/// The manifests under <c>k8s/</c> and the <c>Dockerfile</c> agree with what the host reads and serves: labels and
/// selectors, ports, environment variable names, probe paths, the migrate sub-command, and the rules of issue 7
/// (rollout without lost capacity, drain time, memory but no CPU limit, non-root on a read-only root filesystem).
/// </summary>
public sealed partial class KubernetesManifestTests(KubernetesManifestsFixture fixture) : IClassFixture<KubernetesManifestsFixture>
{
    private const string Postgres = "contacttrace-postgres";
    private static readonly System.Globalization.CultureInfo Invariant = System.Globalization.CultureInfo.InvariantCulture;
    private static readonly string[] PostgresObjects = [$"StatefulSet/{Postgres}", $"Service/{Postgres}", $"NetworkPolicy/{Postgres}"];

    private JsonObject Deployment => fixture.Deployment;

    private JsonObject Silo => fixture.Silo;

    [Fact]
    public void BaseRendersTheSilosTheirDatabaseAndWhatTheyNeed()
    {
        // Act
        var objects = fixture.Base.Objects;

        // Assert
        string[] expected =
        [
            "ConfigMap/contacttrace", "Secret/contacttrace", "Secret/contacttrace-silo-tls", "Service/contacttrace", "Service/contacttrace-silo",
            "Deployment/contacttrace", "PodDisruptionBudget/contacttrace", "NetworkPolicy/contacttrace", "Job/contacttrace-migrate", .. PostgresObjects,
        ];
        Assert.Equal(expected.Order(), Ids(fixture.Base).Order());
        Assert.All(objects, o => Assert.Null(o["metadata"]!["namespace"]));
        Assert.All(objects, o => Assert.Equal("contacttrace", (string?)o["metadata"]!["labels"]?["app.kubernetes.io/name"]));
        Assert.Equal("silo", Component(Deployment));
        Assert.Equal("migrate", Component(fixture.Base.Get("Job", "contacttrace-migrate")));
        Assert.Equal("postgres", Component(fixture.Base.Get("StatefulSet", Postgres)));
        Assert.True((int)Deployment["spec"]!["replicas"]! >= 3);
    }

    [Fact]
    public void SelectorsOfTheServicesAndTheDisruptionBudgetPickTheSiloPodsOnly()
    {
        // Act
        var silos = PodLabels(Deployment);
        var others = new[] { PodLabels(fixture.Base.Get("StatefulSet", Postgres)), PodLabels(fixture.Base.Get("Job", "contacttrace-migrate")) };
        var budget = fixture.Base.Get("PodDisruptionBudget", "contacttrace")["spec"]!;

        // Assert
        var selectors = new[]
        {
            Deployment["spec"]!["selector"]!["matchLabels"]!.AsObject(),
            budget["selector"]!["matchLabels"]!.AsObject(),
            fixture.Base.Get("Service", "contacttrace")["spec"]!["selector"]!.AsObject(),
            fixture.Base.Get("Service", "contacttrace-silo")["spec"]!["selector"]!.AsObject(),
        };
        Assert.All(selectors, s => Assert.True(Selects(s, silos), $"{s.ToJsonString()} does not select the silo pods"));
        Assert.All(selectors, s => Assert.All(others, labels => Assert.False(Selects(s, labels), $"{s.ToJsonString()} selects {labels.ToJsonString()}")));
        Assert.True((int?)budget["maxUnavailable"] == 1 || (int?)budget["minAvailable"] >= 2, "the budget keeps at least two silos");
    }

    [Fact]
    public void ContainerPortsAreThePortsTheHostIsConfiguredToListenOn()
    {
        // Act
        var ports = Silo["ports"]!.AsArray().ToDictionary(p => (string)p!["name"]!, p => (int)p!["containerPort"]!);
        var environment = fixture.PodEnvironment;

        // Assert
        Assert.Equal(new Dictionary<string, int> { ["http"] = 8080, ["silo"] = 11111 }, ports);
        Assert.Equal("8080", environment["ASPNETCORE_HTTP_PORTS"]);
        Assert.Equal(ports["silo"].ToString(Invariant), environment["Cluster__SiloPort"]);
        Assert.False(environment.ContainsKey("Cluster__GatewayPort"), "no Orleans gateway: the HTTP API is the only way in");
        Assert.Equal(0, fixture.Host.Services.GetRequiredService<IOptions<EndpointOptions>>().Value.GatewayPort);
        var api = fixture.Base.Get("Service", "contacttrace")["spec"]!["ports"]!.AsArray().Single()!;
        Assert.Equal(80, (int)api["port"]!);
        Assert.Equal("http", (string?)api["targetPort"]);
        foreach (var port in fixture.Base.Get("Service", "contacttrace-silo")["spec"]!["ports"]!.AsArray())
        {
            Assert.Equal(ports[(string)port!["targetPort"]!], (int)port["port"]!);
        }
    }

    [Fact]
    public async Task ProbePathsAreServedByTheHost()
    {
        // Arrange
        using var client = fixture.Host.CreateClient();

        foreach (var probe in (string[])["startupProbe", "readinessProbe", "livenessProbe"])
        {
            var get = Silo[probe]!["httpGet"]!;
            Assert.Equal("http", (string?)get["port"]);

            // Act
            using var response = await client.GetAsync((string)get["path"]!, TestContext.Current.CancellationToken);

            // Assert
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{probe} {get["path"]}: {(int)response.StatusCode}");
        }

        Assert.Equal("/health/ready", (string?)Silo["readinessProbe"]!["httpGet"]!["path"]);
        Assert.Equal("/health/live", (string?)Silo["livenessProbe"]!["httpGet"]!["path"]);
    }

    [Fact]
    public void EveryEnvironmentVariableIsASettingTheHostReads()
    {
        // Act
        var variables = KubernetesManifestsFixture.Env(Silo).ToList();
        var values = string.Join("\n", variables.Select(v => (string?)v["value"]));
        var downward = variables.Where(v => v["valueFrom"]?["fieldRef"] is not null).ToDictionary(v => (string)v["name"]!, v => (string)v["valueFrom"]!["fieldRef"]!["fieldPath"]!);

        // Assert
        Assert.All(variables.Select(v => (string)v["name"]!), name => Assert.True(
            IsHostSetting(name) || (downward.ContainsKey(name) && values.Contains($"$({name})", StringComparison.Ordinal)),
            $"{name} is not a setting the host reads"));
        Assert.Equal("metadata.name", downward["POD_NAME"]);
        Assert.Equal("status.podIP", downward["POD_IP"]);
        Assert.Equal("$(POD_NAME)", Literal("Cluster__SiloName"));
        Assert.Equal("$(POD_IP)", Literal("Cluster__AdvertisedAddress"));
        Assert.NotNull(Literal("Cluster__ServiceId"));
        Assert.NotNull(Literal("Cluster__ClusterId"));
        Assert.Equal("connection-string", (string?)Variable("ConnectionStrings__Postgres")["valueFrom"]!["secretKeyRef"]!["key"]);
        Assert.All(variables.Where(v => ((string)v["name"]!).EndsWith("__Key", StringComparison.Ordinal)), v => Assert.NotNull(v["valueFrom"]!["secretKeyRef"]));
        Assert.NotNull(Variable("OTEL_EXPORTER_OTLP_ENDPOINT")["valueFrom"]!["configMapKeyRef"]);
        Assert.Equal("", fixture.PodEnvironment["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("contacttrace", fixture.PodEnvironment["OTEL_SERVICE_NAME"]);
    }

    [Fact]
    public async Task HostBindsTheDeploymentsEnvironment()
    {
        // Act
        var services = fixture.Host.Services;
        var cluster = services.GetRequiredService<IOptions<ClusterOptions>>().Value;
        var hosting = services.GetRequiredService<IOptions<ClusterHostingOptions>>().Value;
        var environment = fixture.PodEnvironment;

        // Assert
        Assert.Equal(environment["Cluster__ServiceId"], cluster.ServiceId);
        Assert.Equal(environment["Cluster__ClusterId"], cluster.ClusterId);
        Assert.Equal(KubernetesManifestsFixture.PodName, services.GetRequiredService<IOptions<SiloOptions>>().Value.SiloName);
        Assert.Equal(KubernetesManifestsFixture.PodIp, hosting.AdvertisedAddress);
        Assert.Equal(int.Parse(fixture.Settings["Cluster:SiloPort"], Invariant), hosting.SiloPort);
        Assert.Equal(TimeSpan.FromSeconds(int.Parse(environment["DOTNET_shutdownTimeoutSeconds"], Invariant)),
            services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);

        // The keys of the Secret authenticate, each with the role the Deployment gives it.
        var expected = new Dictionary<string, HttpStatusCode> { ["admin"] = HttpStatusCode.OK, ["tracer"] = HttpStatusCode.OK, ["scanner"] = HttpStatusCode.Forbidden };
        var keys = environment.Where(p => ApiKeySetting().Match(p.Key) is { Success: true } m && m.Groups[2].Value == "Key").ToList();
        Assert.Equal(expected.Count, keys.Count);
        foreach (var (name, key) in keys)
        {
            var role = environment[name[..^"Key".Length] + "Role"];
            using var client = fixture.Host.CreateClient();
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
            using var response = await client.GetAsync("/api/policy", TestContext.Current.CancellationToken);
            Assert.True(expected[role] == response.StatusCode, $"{name} ({role}): {(int)response.StatusCode}");
        }
    }

    [Fact]
    public void SilosRollOutWithoutLosingCapacityAndHaveTimeToDrain()
    {
        // Act
        var strategy = Deployment["spec"]!["strategy"]!;
        var grace = (int)KubernetesManifestsFixture.PodSpec(Deployment)["terminationGracePeriodSeconds"]!;
        var shutdown = int.Parse(fixture.PodEnvironment["DOTNET_shutdownTimeoutSeconds"], Invariant);
        var preStop = Silo["lifecycle"]?["preStop"]?["exec"]?["command"]?.AsArray().Select(c => (string)c!).ToArray() ?? [];

        // Assert
        Assert.Equal("RollingUpdate", (string?)strategy["type"]);
        Assert.Equal(0, (int)strategy["rollingUpdate"]!["maxUnavailable"]!);
        Assert.Equal(new[] { "sleep", "5" }, preStop);
        Assert.True(5 + shutdown < grace, $"preStop 5 s + shutdown {shutdown} s must fit in the grace period of {grace} s");
    }

    [Fact]
    public void EveryContainerHasRequestsAndAMemoryLimitButNoCpuLimit()
    {
        // Act
        var containers = Workloads(fixture.Base).SelectMany(w => KubernetesManifestsFixture.PodSpec(w)["containers"]!.AsArray()).ToList();

        // Assert
        Assert.Equal(3, containers.Count);
        Assert.All(containers, c =>
        {
            var resources = c!["resources"]!;
            Assert.NotNull(resources["requests"]!["cpu"]);
            Assert.NotNull(resources["requests"]!["memory"]);
            Assert.NotNull(resources["limits"]!["memory"]);
            Assert.Null(resources["limits"]!["cpu"]);
        });
    }

    [Fact]
    public void EveryPodRunsAsNonRootOnAReadOnlyRootFilesystem()
    {
        foreach (var workload in Workloads(fixture.Base))
        {
            // Act
            var pod = KubernetesManifestsFixture.PodSpec(workload);
            var emptyDirs = pod["volumes"]!.AsArray().Where(v => v!["emptyDir"] is not null).Select(v => (string)v!["name"]!).ToHashSet();

            // Assert
            Assert.Equal(true, (bool?)pod["securityContext"]!["runAsNonRoot"]);
            foreach (var container in pod["containers"]!.AsArray())
            {
                var security = container!["securityContext"]!;
                Assert.Equal(true, (bool?)security["readOnlyRootFilesystem"]);
                Assert.Equal(false, (bool?)security["allowPrivilegeEscalation"]);
                Assert.Contains("ALL", security["capabilities"]!["drop"]!.AsArray().Select(d => (string?)d));
                Assert.Contains(container["volumeMounts"]!.AsArray(), m => (string?)m!["mountPath"] == "/tmp" && emptyDirs.Contains((string)m["name"]!));
            }
        }
    }

    [Fact]
    public async Task MigrationJobRunsMigrateWithTheSilosImageAndSecret()
    {
        // Arrange
        var job = fixture.Base.Get("Job", "contacttrace-migrate");
        var migrate = KubernetesManifestsFixture.PodSpec(job)["containers"]!.AsArray().Single()!;
        var args = migrate["args"]!.AsArray().Select(a => (string)a!).ToArray();
        Assert.Null(migrate["command"]); // the image's ENTRYPOINT, `dotnet contacttrace.dll`, with these arguments
        Assert.Equal(new[] { "migrate" }, args);
        Assert.Equal((string?)Silo["image"], (string?)migrate["image"]);
        Assert.Equal(Variable("ConnectionStrings__Postgres").ToJsonString(),
            KubernetesManifestsFixture.Env(migrate.AsObject()).Single(e => (string?)e["name"] == "ConnectionStrings__Postgres").ToJsonString());
        Assert.Contains((string?)KubernetesManifestsFixture.PodSpec(job)["restartPolicy"], (string[])["OnFailure", "Never"]);
        var connectionString = await PostgresServer.CreateDatabaseAsync("k8smigrate");

        // Act: the executable's own command line with the Job's arguments, on an empty database
        var handled = await CommandLine.TryRunAsync([.. args, $"--ConnectionStrings:Postgres={connectionString}"]);

        // Assert
        Assert.True(handled);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name LIKE 'orleans%'", connection);
        Assert.True((long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))! > 0, "migrate created the Orleans tables");
    }

    [Fact]
    public void BundledPostgresIsWhereTheSecretsConnectionStringPoints()
    {
        // Act
        var secret = fixture.Base.Get("Secret", "contacttrace")["stringData"]!;
        var connection = new NpgsqlConnectionStringBuilder((string)secret["connection-string"]!);
        var statefulSet = fixture.Base.Get("StatefulSet", Postgres);
        var service = fixture.Base.Get("Service", connection.Host!);
        var postgres = KubernetesManifestsFixture.Container(statefulSet, "postgres");
        string? Env(string name) => (string?)KubernetesManifestsFixture.Env(postgres).Single(e => (string?)e["name"] == name)["value"];

        // Assert
        Assert.Equal(connection.Host, (string?)statefulSet["spec"]!["serviceName"]);
        Assert.Equal(connection.Port, (int)service["spec"]!["ports"]!.AsArray().Single()!["port"]!);
        Assert.True(Selects(service["spec"]!["selector"]!.AsObject(), PodLabels(statefulSet)));
        Assert.True(Selects(statefulSet["spec"]!["selector"]!["matchLabels"]!.AsObject(), PodLabels(statefulSet)));
        Assert.Equal(connection.Username, Env("POSTGRES_USER"));
        Assert.Equal(connection.Database, Env("POSTGRES_DB"));
        var password = KubernetesManifestsFixture.Env(postgres).Single(e => (string?)e["name"] == "POSTGRES_PASSWORD")["valueFrom"]!["secretKeyRef"]!;
        Assert.Equal(connection.Password, (string?)secret[(string)password["key"]!]);
        var claim = statefulSet["spec"]!["volumeClaimTemplates"]!.AsArray().Single()!;
        Assert.StartsWith(
            (string)postgres["volumeMounts"]!.AsArray().Single(m => (string?)m!["name"] == (string?)claim["metadata"]!["name"])!["mountPath"]!,
            Env("PGDATA")!, StringComparison.Ordinal);
    }

    [Fact]
    public void ExternalDbOverlayDropsTheBundledPostgresAndPointsTheConnectionStringElsewhere()
    {
        // Act
        var overlay = fixture.ExternalDb;
        var secret = overlay.Get("Secret", "contacttrace")["stringData"]!.AsObject();
        var connection = new NpgsqlConnectionStringBuilder((string)secret["connection-string"]!);

        // Assert
        Assert.Equal(Ids(fixture.Base).Except(PostgresObjects).Order(), Ids(overlay).Order());
        Assert.NotEqual(Postgres, connection.Host);
        Assert.False(secret.ContainsKey("postgres-password"));
        Assert.Equal(KubernetesManifests.Canonical(Silo["env"]), KubernetesManifests.Canonical(KubernetesManifestsFixture.Container(overlay.Get("Deployment", "contacttrace"), "silo")["env"]));
        var references = Workloads(overlay).SelectMany(w => KubernetesManifestsFixture.PodSpec(w)["containers"]!.AsArray())
            .SelectMany(c => KubernetesManifestsFixture.Env(c!.AsObject())).Select(e => e["valueFrom"]?["secretKeyRef"]).OfType<JsonObject>().ToList();
        Assert.NotEmpty(references);
        Assert.All(references, r => Assert.True(secret.ContainsKey((string)r["key"]!), $"the overlay's Secret has no {r["key"]}"));
    }

    [Fact]
    public void SecretsHoldPlaceholdersNeverKeys()
    {
        foreach (var manifests in (KubernetesManifests[])[fixture.Base, fixture.ExternalDb])
        {
            // Act
            var secrets = manifests.Objects.Where(o => (string?)o["kind"] == "Secret").ToList();

            // Assert
            Assert.Equal(["contacttrace", "contacttrace-silo-tls"], secrets.Select(s => (string)s["metadata"]!["name"]!).Order());
            Assert.All(secrets, secret =>
            {
                Assert.Null(secret["data"]);
                Assert.All(secret["stringData"]!.AsObject(), p => Assert.Contains("REPLACE-ME", (string)p.Value!, StringComparison.Ordinal));
            });
        }
    }

    [Fact]
    public void OnlySilosReachTheSiloPortAndAnyoneReachesOnlyTheHttpPort()
    {
        foreach (var manifests in (KubernetesManifests[])[fixture.Base, fixture.ExternalDb])
        {
            // Act
            var policy = manifests.Get("NetworkPolicy", "contacttrace")["spec"]!;
            var rules = policy["ingress"]!.AsArray().Select(r => r!.AsObject()).ToList();
            var ports = Silo["ports"]!.AsArray().Select(p => (string)p!["name"]!).ToList();

            // Assert: it covers the silo pods, and ingress is what it lists
            Assert.True(Selects(policy["podSelector"]!["matchLabels"]!.AsObject(), PodLabels(Deployment)));
            Assert.Equal(["Ingress"], policy["policyTypes"]!.AsArray().Select(t => (string?)t));
            var opened = rules.SelectMany(r => r["ports"]!.AsArray().Select(p => (Port: (string)p!["port"]!, From: r["from"]?.AsArray()))).ToList();
            Assert.Equal(ports.Order(), opened.Select(o => o.Port).Order());
            var siloFrom = Assert.Single(opened.Single(o => o.Port == "silo").From!)!["podSelector"]!["matchLabels"]!.AsObject();
            Assert.True(Selects(siloFrom, PodLabels(Deployment)), "silos reach the silo port");
            Assert.False(Selects(siloFrom, PodLabels(fixture.Base.Get("Job", "contacttrace-migrate"))), "the migration Job does not");
            Assert.False(Selects(siloFrom, PodLabels(fixture.Base.Get("StatefulSet", Postgres))), "PostgreSQL does not");
            Assert.Null(opened.Single(o => o.Port == "http").From);
        }

        var database = fixture.Base.Get("NetworkPolicy", Postgres)["spec"]!;
        Assert.True(Selects(database["podSelector"]!["matchLabels"]!.AsObject(), PodLabels(fixture.Base.Get("StatefulSet", Postgres))));
        var clients = database["ingress"]!.AsArray().Single()!["from"]!.AsArray().Select(f => f!["podSelector"]!["matchLabels"]!.AsObject()).ToList();
        Assert.Contains(clients, c => Selects(c, PodLabels(Deployment)));
        Assert.Contains(clients, c => Selects(c, PodLabels(fixture.Base.Get("Job", "contacttrace-migrate"))));
    }

    [Fact]
    public async Task SilosSpeakMutualTlsWithTheCertificateOfTheTlsSecret()
    {
        // Arrange: the Deployment mounts the TLS Secret read-only where its settings point
        var secret = fixture.Base.Get("Secret", "contacttrace-silo-tls");
        Assert.Equal("kubernetes.io/tls", (string?)secret["type"]);
        var mount = Silo["volumeMounts"]!.AsArray().Single(m => (string?)m!["mountPath"] == fixture.SiloTlsMountPath)!;
        Assert.Equal(true, (bool?)mount["readOnly"]);
        Assert.Equal($"{fixture.SiloTlsMountPath}/tls.crt", fixture.PodEnvironment["Cluster__Tls__CertificatePath"]);
        Assert.Equal($"{fixture.SiloTlsMountPath}/tls.key", fixture.PodEnvironment["Cluster__Tls__KeyPath"]);
        Assert.All((string[])["tls.crt", "tls.key"], key => Assert.NotNull(secret["stringData"]![key]));
        var siloPort = int.Parse(fixture.Settings["Cluster:SiloPort"], Invariant);

        // Act: a TLS handshake on the silo port, presenting the cluster's certificate
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, siloPort, TestContext.Current.CancellationToken);
        await using var tls = new System.Net.Security.SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(new System.Net.Security.SslClientAuthenticationOptions
        {
            TargetHost = "contacttrace-silo",
            ClientCertificates = [fixture.SiloCertificate],
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        }, TestContext.Current.CancellationToken);

        // Assert: the silo answered with the Secret's certificate
        Assert.Equal(fixture.SiloCertificate.Thumbprint, new System.Security.Cryptography.X509Certificates.X509Certificate2(tls.RemoteCertificate!).Thumbprint);
    }

    [Fact]
    public void DockerfileBuildsTheImageTheManifestsRun()
    {
        // Act
        var lines = File.ReadAllLines(Path.Combine(KubernetesManifests.RepositoryRoot, "Dockerfile")).Select(l => l.Trim()).ToList();
        string[] Instruction(string name) => lines.Where(l => l.StartsWith(name + " ", StringComparison.Ordinal)).Select(l => l[(name.Length + 1)..].Trim()).ToArray();
        var exposed = Instruction("EXPOSE").SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Select(p => int.Parse(p, Invariant)).Order();
        var entrypoint = JsonSerializer.Deserialize<string[]>(Instruction("ENTRYPOINT").Single());
        var assembly = typeof(Program).Assembly.GetName().Name;

        // Assert
        Assert.Equal(Silo["ports"]!.AsArray().Select(p => (int)p!["containerPort"]!).Order(), exposed);
        Assert.Equal(new[] { "dotnet", $"{assembly}.dll" }, entrypoint);
        Assert.Equal(((int)KubernetesManifestsFixture.PodSpec(Deployment)["securityContext"]!["runAsUser"]!).ToString(Invariant), Instruction("USER").Last());
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:10.0", Instruction("FROM").Last(), StringComparison.Ordinal);
        Assert.Contains(Instruction("RUN"), r => r.StartsWith("dotnet publish src/ContactTrace.Host -c Release -o /app", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BuiltInRenderingAgreesWithKubectl()
    {
        // This machine kind ships kubectl; without it this comparison cannot be made, which is a failure, not a pass.
        Assert.True(KubernetesManifests.Kubectl is not null, "kubectl is not installed: `kubectl kustomize k8s` cannot be checked.");

        foreach (var directory in (string[])["k8s", "k8s/overlays/external-db"])
        {
            // Act
            var kubectl = await KubernetesManifests.RenderWithKubectlAsync(directory, TestContext.Current.CancellationToken);
            var builtIn = KubernetesManifests.RenderBuiltIn(directory);

            // Assert
            Assert.Equal(kubectl.Objects.Select(KubernetesManifests.Canonical).Order(), builtIn.Objects.Select(KubernetesManifests.Canonical).Order());
        }
    }

    private static bool IsHostSetting(string variable)
    {
        if (variable.StartsWith("Cluster__", StringComparison.Ordinal))
        {
            var type = typeof(ClusterHostingOptions);
            foreach (var name in variable["Cluster__".Length..].Split("__"))
            {
                if (type?.GetProperty(name) is not { } property)
                {
                    return false;
                }

                type = property.PropertyType;
            }

            return true;
        }

        if (ApiKeySetting().Match(variable) is { Success: true } apiKey)
        {
            return typeof(ApiKeyConfiguration).GetProperty(apiKey.Groups[2].Value) is not null;
        }

        return variable == $"ConnectionStrings__{StorageExtensions.ConnectionStringName}"
            || variable is "ASPNETCORE_HTTP_PORTS" or "ASPNETCORE_URLS" or "ASPNETCORE_ENVIRONMENT" or "DOTNET_shutdownTimeoutSeconds"
            || variable is "OTEL_EXPORTER_OTLP_ENDPOINT" or "OTEL_SERVICE_NAME" or "OTEL_RESOURCE_ATTRIBUTES";
    }

    [GeneratedRegex(@"^ContactTrace__ApiKeys__(\d+)__(\w+)$")]
    private static partial Regex ApiKeySetting();

    private JsonObject Variable(string name) => KubernetesManifestsFixture.Env(Silo).Single(e => (string?)e["name"] == name);

    private string? Literal(string name) => (string?)Variable(name)["value"];

    private static IEnumerable<string> Ids(KubernetesManifests manifests) =>
        manifests.Objects.Select(o => $"{o["kind"]}/{o["metadata"]!["name"]}");

    private static IEnumerable<JsonObject> Workloads(KubernetesManifests manifests) =>
        manifests.Objects.Where(o => (string?)o["kind"] is "Deployment" or "StatefulSet" or "Job");

    private static JsonObject PodLabels(JsonObject workload) => workload["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();

    private static string? Component(JsonObject workload) => (string?)PodLabels(workload)["app.kubernetes.io/component"];

    private static bool Selects(JsonObject selector, JsonObject labels) =>
        selector.Count > 0 && selector.All(p => (string?)labels[p.Key] == (string?)p.Value);
}
