using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using GitIntegration.Actors;
using GitIntegration.Actors.Cluster;
using GitIntegration.ProviderEmulator;
using GitIntegration.ProviderEmulator.Control;
using GitIntegration.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace GitIntegration.Silo.Tests.Support;

/// <summary>What a silo says about itself on /readyz.</summary>
public sealed record SiloStatus(string Status, bool Storage, bool Serving, int Partitions, int Activations);

/// <summary>One silo process with its ports.</summary>
public sealed record SiloProcess(ChildProcess Process, int SiloPort, int HealthPort);

/// <summary>
/// A cluster of real processes on loopback: silos (src/Silo) and a gateway (src/ApiGateway --mode gateway) on a
/// fresh PostgreSQL database, with the provider emulator (in this process) as their GitLab. The test talks to
/// the gateway over HTTP and to the grains through the client library.
/// </summary>
public sealed class ClusterProcesses : IAsyncDisposable
{
    public const string ProviderId = "gitlab";
    public const string ClientId = "cluster-test-app";
    public const string ClientSecret = "cluster-test-secret";
    private readonly string _logs = Path.Combine(Path.GetTempPath(), "cluster-tests-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private ServiceProvider? _client;

    private ClusterProcesses(string postgres, EmulatorHost emulator, int gatewayPort)
    {
        Postgres = postgres;
        Emulator = emulator;
        GatewayPort = gatewayPort;
        EncryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        AdminToken = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
    }

    public string Postgres { get; }
    public EmulatorHost Emulator { get; }
    public string EncryptionKey { get; }
    public string AdminToken { get; }
    public int GatewayPort { get; }
    public string GatewayUrl => $"http://127.0.0.1:{GatewayPort}";
    public List<SiloProcess> Silos { get; } = [];
    public ChildProcess? Gateway { get; private set; }

    /// <summary>The cluster's grains, reached like another .NET service would: through the client library.</summary>
    public IGrainFactory Grains => (_client ??= BuildClient()).GetRequiredService<IGrainFactory>();

    /// <summary>Starts the database and the emulator; silos and the gateway are added by the test.</summary>
    public static async Task<ClusterProcesses> CreateAsync(int accessTokenLifetimeSeconds = 3600)
    {
        var postgres = await TestPostgres.CreateDatabaseAsync();
        var emulator = await EmulatorHost.StartAsync();
        var cluster = new ClusterProcesses(postgres, emulator, FreePort.Next());
        await emulator.Client.UpdateSettingsAsync(ProviderId, new InstanceSettingsDto(RateLimit: 1_000_000, AutoApprove: "octo"));
        await emulator.Client.CreateAccountAsync(ProviderId, "octo");
        await emulator.Client.RegisterAppAsync(ProviderId, new RegisterAppRequest(ClientId, ClientSecret,
            [$"{cluster.GatewayUrl}/external-auth/{ProviderId}/callback"], AccessTokenLifetimeSeconds: accessTokenLifetimeSeconds));
        return cluster;
    }

    public async Task<SiloProcess> AddSiloAsync(string? postgresOverride = null)
    {
        var siloPort = FreePort.Next();
        var healthPort = FreePort.Next();
        var environment = CommonEnvironment(postgresOverride);
        environment["GitIntegration__Cluster__SiloPort"] = siloPort.ToString();
        environment["GitIntegration__Cluster__AdvertisedAddress"] = $"http://127.0.0.1:{siloPort}";
        environment["GitIntegration__Cluster__LeaseDuration"] = "00:00:04";
        environment["GitIntegration__Cluster__RenewInterval"] = "00:00:00.500";
        environment["GitIntegration__Cluster__SafetyMargin"] = "00:00:01";
        var process = ChildProcess.StartDotnet($"silo-{Silos.Count + 1}", RepositoryRoot.ProgramDll("Silo", "GitIntegration.Silo"),
            ["--urls", $"http://127.0.0.1:{healthPort}"], environment, _logs);
        var silo = new SiloProcess(process, siloPort, healthPort);
        Silos.Add(silo);
        await WaitUntilAsync(async () => (await StatusAsync(silo))?.Serving == true, $"{process.Name} to be ready", process);
        return silo;
    }

    public async Task StartGatewayAsync()
    {
        var environment = CommonEnvironment(null);
        environment["GitIntegration__AdminToken"] = AdminToken;
        environment["GitIntegration__PublicUrl"] = GatewayUrl;
        environment["GitIntegration__Limits__RequestsPerSecondPerCaller"] = "100000";
        environment["GitIntegration__Limits__BurstPerCaller"] = "100000";
        Gateway = ChildProcess.StartDotnet("gateway", RepositoryRoot.ProgramDll("ApiGateway", "GitIntegration.ApiGateway"),
            ["--mode", "gateway", "--urls", GatewayUrl], environment, _logs);
        await WaitUntilAsync(async () => (await _http.GetAsync($"{GatewayUrl}/readyz")).IsSuccessStatusCode, "the gateway to be ready", Gateway);
    }

    public async Task<SiloStatus?> StatusAsync(SiloProcess silo)
    {
        try
        {
            using var response = await _http.GetAsync($"http://127.0.0.1:{silo.HealthPort}/readyz");
            return await response.Content.ReadFromJsonAsync<SiloStatus>(new JsonSerializerOptions(JsonSerializerDefaults.Web));
        }
        catch (Exception)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<SiloStatus?>> StatusesAsync() => await Task.WhenAll(Silos.Select(StatusAsync));

    private Dictionary<string, string> CommonEnvironment(string? postgresOverride)
    {
        var gitlab = Emulator.InstanceUrl(ProviderId);
        return new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = postgresOverride ?? Postgres,
            ["GitIntegration__Storage__Provider"] = "Postgres",
            ["GitIntegration__EncryptionKeys__0"] = EncryptionKey,
            ["GitIntegration__Providers__0__Id"] = ProviderId,
            ["GitIntegration__Providers__0__Type"] = "gitlab",
            ["GitIntegration__Providers__0__ClientId"] = ClientId,
            ["GitIntegration__Providers__0__ClientSecret"] = ClientSecret,
            ["GitIntegration__Providers__0__AuthUrl"] = $"{gitlab}/oauth/authorize",
            ["GitIntegration__Providers__0__TokenUrl"] = $"{gitlab}/oauth/token",
            ["GitIntegration__Providers__0__ApiBaseUrl"] = $"{gitlab}/api/v4",
            ["GitIntegration__Providers__0__Regex"] = "^https?://git\\.cluster\\.test(/.*)?$",
            ["Logging__LogLevel__Default"] = "Information",
        };
    }

    private ServiceProvider BuildClient()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddActorsClient(Postgres, o => o.CallTimeout = TimeSpan.FromSeconds(60));
        return services.BuildServiceProvider();
    }

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, ChildProcess? watched = null, int seconds = 90)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            if (watched is { HasExited: true })
                Assert.Fail($"{watched.Name} exited while waiting for {what}:\n{watched.Tail()}");
            try
            {
                if (await condition())
                    return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
            }
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Timed out waiting for {what}" + (watched is null ? "" : $":\n{watched.Tail()}"));
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Gateway is not null)
            await Gateway.DisposeAsync();
        foreach (var silo in Silos)
            await silo.Process.DisposeAsync();
        _client?.Dispose();
        await Emulator.DisposeAsync();
        _http.Dispose();
    }
}
