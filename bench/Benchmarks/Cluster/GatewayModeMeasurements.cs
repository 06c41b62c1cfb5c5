using System.Security.Cryptography;
using GitIntegration.ApiGateway.Auth;
using GitIntegration.ApiGateway.Demo;
using GitIntegration.Benchmarks.ApiGateway;
using GitIntegration.Benchmarks.Hosting;
using GitIntegration.Grains.Secrets;
using GitIntegration.ProviderEmulator.Control;

namespace GitIntegration.Benchmarks.Cluster;

/// <summary>
/// GET /api/v2/git/credentials on a warm link: a gateway (`--mode gateway`, an Orleans client) in front of one silo
/// on PostgreSQL, against the all-in-one process on SQLite; each its own process from the Release builds, wrk in
/// alternating rounds. Every process shares the same two cores.
/// </summary>
public static class GatewayModeMeasurements
{
    private const int Connections = 32;
    private const int Rounds = 5;
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(6);

    public static async Task RunAsync(string postgresServer)
    {
        using var folder = new BenchFolder("gateway-mode");
        var (startedEmulator, github) = await GatewayUser.StartGitHubEmulatorAsync();
        await using var emulator = startedEmulator;
        var adminToken = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        var common = new Dictionary<string, string?>(EmulatedProviders.Configuration(emulator, [github]))
        {
            ["GitIntegration:EncryptionKeys:0"] = SecretKeyRing.GenerateKey(),
            ["GitIntegration:AdminToken"] = adminToken,
            ["GitIntegration:Limits:RequestsPerSecondPerCaller"] = "10000000",
            ["GitIntegration:Limits:BurstPerCaller"] = "10000000",
        };

        await using var processes = new ProcessSet();
        var cluster = With(common, new()
        {
            ["ConnectionStrings:Postgres"] = await BenchDatabase.CreateAsync(postgresServer),
            ["GitIntegration:Cluster:ClusterId"] = "bench-" + Guid.NewGuid().ToString("N")[..8],
            ["GitIntegration:DataDirectory"] = Directory.CreateDirectory(Path.Combine(folder.Path, "gateway")).FullName,
        });
        var healthUrl = $"http://127.0.0.1:{FreePort.Next()}";
        var silo = processes.Start(ProcessSet.ProductDll("Silo", "GitIntegration.Silo"), ["--urls", healthUrl], With(cluster, new()
        {
            ["GitIntegration:Cluster:SiloPort"] = FreePort.Next().ToString(),
            ["GitIntegration:Cluster:GatewayPort"] = FreePort.Next().ToString(),
        }));
        await processes.WaitReadyAsync(healthUrl + "/readyz", silo);
        var gatewayUrl = await StartGatewayAsync(processes, ["--mode", "gateway"], cluster);
        var allInOneUrl = await StartGatewayAsync(processes, [], With(common, new()
        {
            ["GitIntegration:DataDirectory"] = folder.Path,
            ["GitIntegration:Storage:SqlitePath"] = Path.Combine(folder.Path, "gitintegration.db"),
            ["GitIntegration:Cluster:SiloPort"] = FreePort.Next().ToString(),
        }));
        await emulator.Client.RegisterAppAsync(github.Instance, new RegisterAppRequest(github.ClientId, github.ClientSecret,
            [$"{gatewayUrl}/external-auth/github/callback", $"{allInOneUrl}/external-auth/github/callback"], ExpiringTokens: true));

        var allInOne = await TargetAsync(allInOneUrl, adminToken);
        var gateway = await TargetAsync(gatewayUrl, adminToken);
        var results = await WrkRounds.RunAsync(Rounds, Connections, Warmup, Duration, allInOne, gateway);
        var (baseline, measured) = (results[0], results[1]);
        Report.Add($"gateway mode (1 gateway + 1 silo, PostgreSQL) GET /api/v2/git/credentials, warm link, wrk {Connections} connections, median of {Rounds}",
            measured.ToString(), "all-in-one process (SQLite) " + baseline, measured.RequestsPerSecond / baseline.RequestsPerSecond, ">= 0.4x of all-in-one");
    }

    private static async Task<string> StartGatewayAsync(ProcessSet processes, string[] mode, Dictionary<string, string?> configuration)
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        var process = processes.Start(ProcessSet.ProductDll("ApiGateway", "GitIntegration.ApiGateway"), [.. mode, "--urls", url],
            With(configuration, new() { ["GitIntegration:PublicUrl"] = url }));
        await processes.WaitReadyAsync(url + "/readyz", process);
        return url;
    }

    private static async Task<WrkRounds.Target> TargetAsync(string baseUrl, string adminToken)
    {
        var sessionKey = await GatewayUser.LinkedSessionKeyAsync(baseUrl, adminToken);
        var url = $"{baseUrl}{GatewayUser.CredentialsPath}?id=github";
        await GatewayUser.CredentialsAsync(url, sessionKey);
        return new(url, new Dictionary<string, string> { [SessionCredentials.HeaderName] = sessionKey });
    }

    private static Dictionary<string, string?> With(Dictionary<string, string?> configuration, Dictionary<string, string?> more)
    {
        var merged = new Dictionary<string, string?>(configuration);
        foreach (var (key, value) in more)
            merged[key] = value;
        return merged;
    }
}
