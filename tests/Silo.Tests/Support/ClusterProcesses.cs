using System.Security.Cryptography;
using GitIntegration.ProviderEmulator;
using GitIntegration.ProviderEmulator.Control;
using GitIntegration.TestSupport;

namespace GitIntegration.Silo.Tests.Support;

/// <summary>One silo process: its Orleans ports, its /readyz port, and the tap its provider calls go through.</summary>
public sealed record SiloProcess(ChildProcess Process, int SiloPort, int GatewayPort, int HealthPort, ProviderTap Tap)
{
    public string Name => Process.Name;
}

/// <summary>
/// A cluster of real processes on loopback: silos (src/Silo) and a gateway (src/ApiGateway --mode gateway) on a
/// fresh PostgreSQL database, with the provider emulator (in this process) as their GitLab, each silo reaching it
/// through its own <see cref="ProviderTap"/>. The test talks to the gateway over HTTP and to the grains through an
/// ordinary Orleans client.
/// </summary>
public sealed class ClusterProcesses : IAsyncDisposable
{
    public const string ProviderId = "gitlab";
    public const string ClientId = "cluster-test-app";
    public const string ClientSecret = "cluster-test-secret";
    public const string ServiceId = "silo-tests";

    /// <summary>Failure detection in a few seconds instead of Orleans' production pace (GitIntegration:Cluster:Membership).</summary>
    private static readonly Dictionary<string, string> FastMembership = new()
    {
        ["GitIntegration__Cluster__Membership__ProbeTimeout"] = "00:00:02",
        ["GitIntegration__Cluster__Membership__MinProbeTimeout"] = "00:00:02", // a busy 2-core machine answers slowly at times
        ["GitIntegration__Cluster__Membership__NumMissedProbesLimit"] = "2",
        ["GitIntegration__Cluster__Membership__TableRefreshTimeout"] = "00:00:05",
        ["GitIntegration__Cluster__Membership__GatewayListRefreshPeriod"] = "00:00:02",
        // A refresh reminder whose tick died with its silo comes again after this period (a minute in production).
        ["GitIntegration__Cluster__Reminders__MinimumReminderPeriod"] = "00:00:01",
    };

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly Dictionary<string, string> _links;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private ClusterClient? _client;

    private ClusterProcesses(string postgres, EmulatorHost emulator, Dictionary<string, string> links, IReadOnlyDictionary<string, string> environment)
    {
        Postgres = postgres;
        Emulator = emulator;
        _links = links;
        _environment = environment;
    }

    public string Postgres { get; }
    public EmulatorHost Emulator { get; }
    public string ClusterId { get; } = "c" + Guid.NewGuid().ToString("N")[..8];
    public string EncryptionKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    public string AdminToken { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
    public int GatewayHttpPort { get; } = FreePort.Next();
    public string GatewayUrl => $"http://127.0.0.1:{GatewayHttpPort}";
    public string Logs { get; } = Path.Combine(Path.GetTempPath(), "silo-tests-" + Guid.NewGuid().ToString("N")[..8]);
    public List<SiloProcess> Silos { get; } = [];
    public ChildProcess? Gateway { get; private set; }

    /// <summary>The grains, through the ordinary Orleans client (see <see cref="ConnectClientAsync"/>).</summary>
    public IClusterClient Grains => (_client ?? throw new InvalidOperationException("no silo started yet")).Grains;

    /// <summary>Every token exchange any silo made, from all taps.</summary>
    public IReadOnlyList<TokenExchange> Exchanges => Silos.SelectMany(s => s.Tap.Exchanges).ToList();

    /// <summary>Starts the database and the emulator; <paramref name="links"/> are GitIntegration:Links settings for the silos,
    /// <paramref name="environment"/> more settings for silos and gateway alike (GitIntegration__Cluster__Tls__*...).</summary>
    public static async Task<ClusterProcesses> CreateAsync(
        int accessTokenLifetimeSeconds = 3600, Dictionary<string, string>? links = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var postgres = await TestPostgres.CreateDatabaseAsync();
        var emulator = await EmulatorHost.StartAsync();
        var cluster = new ClusterProcesses(postgres, emulator, links ?? [], environment ?? new Dictionary<string, string>());
        await emulator.Client.UpdateSettingsAsync(ProviderId,
            new InstanceSettingsDto(RateLimit: 1_000_000, AutoApprove: "octo", AccessTokenLifetimeSeconds: accessTokenLifetimeSeconds));
        await emulator.Client.CreateAccountAsync(ProviderId, "octo");
        await emulator.Client.RegisterAppAsync(ProviderId, new RegisterAppRequest(ClientId, ClientSecret, [$"{cluster.GatewayUrl}/external-auth/{ProviderId}/callback"]));
        return cluster;
    }

    /// <summary>Starts silos side by side and waits until each reports ready (storage reachable, active in the cluster).</summary>
    public async Task<IReadOnlyList<SiloProcess>> AddSilosAsync(int count)
    {
        var started = new List<SiloProcess>();
        for (var i = 0; i < count; i++)
            started.Add(await StartSiloAsync());
        foreach (var silo in started)
            await Eventually.HoldsAsync(async () => await IsReadyAsync(silo), $"{silo.Name} to be ready", silo.Process);
        return started;
    }

    public async Task<SiloProcess> AddSiloAsync() => (await AddSilosAsync(1))[0];

    private async Task<SiloProcess> StartSiloAsync()
    {
        var name = $"silo{Silos.Count + 1}";
        var tap = await ProviderTap.StartAsync(name, Emulator.BaseUrl);
        var (siloPort, gatewayPort, healthPort) = (FreePort.Next(), FreePort.Next(), FreePort.Next());
        var environment = CommonEnvironment(tap.BaseUrl);
        foreach (var (key, value) in FastMembership.Concat(_links.Select(l => KeyValuePair.Create($"GitIntegration__Links__{l.Key}", l.Value))))
            environment[key] = value;
        environment["GitIntegration__Cluster__SiloPort"] = siloPort.ToString();
        environment["GitIntegration__Cluster__GatewayPort"] = gatewayPort.ToString();
        var process = ChildProcess.StartDotnet(name, RepositoryRoot.ProgramDll("Silo", "GitIntegration.Silo"),
            ["--urls", $"http://127.0.0.1:{healthPort}"], environment, Logs);
        var silo = new SiloProcess(process, siloPort, gatewayPort, healthPort, tap);
        Silos.Add(silo);
        return silo;
    }

    /// <summary>Connects this test's own Orleans client to the silos started so far.</summary>
    public async Task ConnectClientAsync() => _client ??= await ClusterClient.ConnectAsync(Postgres, ServiceId, ClusterId);

    /// <summary>Starts the gateway: an Orleans client with the product's retry filter, and the HTTP API.</summary>
    public async Task StartGatewayAsync()
    {
        var environment = CommonEnvironment(Emulator.BaseUrl);
        foreach (var (key, value) in FastMembership)
            environment[key] = value;
        environment["GitIntegration__AdminToken"] = AdminToken;
        environment["GitIntegration__PublicUrl"] = GatewayUrl;
        environment["GitIntegration__Limits__RequestsPerSecondPerCaller"] = "100000";
        environment["GitIntegration__Limits__BurstPerCaller"] = "100000";
        Gateway = ChildProcess.StartDotnet("gateway", RepositoryRoot.ProgramDll("ApiGateway", "GitIntegration.ApiGateway"),
            ["--mode", "gateway", "--urls", GatewayUrl], environment, Logs);
        await Eventually.HoldsAsync(async () => (await _http.GetAsync($"{GatewayUrl}/readyz")).IsSuccessStatusCode, "the gateway to be ready", Gateway);
    }

    public async Task<bool> IsReadyAsync(SiloProcess silo)
    {
        using var response = await _http.GetAsync($"http://127.0.0.1:{silo.HealthPort}/readyz");
        return response.IsSuccessStatusCode;
    }

    private Dictionary<string, string> CommonEnvironment(string providerBaseUrl) => new(_environment)
    {
        ["ConnectionStrings__Postgres"] = Postgres,
        ["GitIntegration__Storage__Provider"] = "Postgres",
        ["GitIntegration__EncryptionKeys__0"] = EncryptionKey,
        ["GitIntegration__Cluster__ServiceId"] = ServiceId,
        ["GitIntegration__Cluster__ClusterId"] = ClusterId,
        ["GitIntegration__Providers__0__Id"] = ProviderId,
        ["GitIntegration__Providers__0__Type"] = "gitlab",
        ["GitIntegration__Providers__0__ClientId"] = ClientId,
        ["GitIntegration__Providers__0__ClientSecret"] = ClientSecret,
        // Token, API and validation URLs derive from the authorize URL, so all of them go through the tap.
        ["GitIntegration__Providers__0__AuthUrl"] = $"{providerBaseUrl}/{ProviderId}/oauth/authorize",
        ["GitIntegration__Providers__0__Regex"] = "^https?://git\\.cluster\\.test(/.*)?$",
        ["Logging__LogLevel__Default"] = "Information",
        ["Logging__Console__TimestampFormat"] = "HH:mm:ss.fff ",
        // Five .NET processes share two cores here; server GC's pauses then last seconds.
        ["DOTNET_gcServer"] = "0",
    };

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
            await _client.DisposeAsync();
        if (Gateway is not null)
            await Gateway.DisposeAsync();
        foreach (var silo in Silos)
        {
            await silo.Process.DisposeAsync();
            await silo.Tap.DisposeAsync();
        }
        await Emulator.DisposeAsync();
        _http.Dispose();
    }
}
