using GitIntegration.ApiGateway.Auth;
using GitIntegration.ApiGateway.Demo;
using GitIntegration.ApiGateway.Hosting;
using GitIntegration.Benchmarks.Cluster;
using GitIntegration.Benchmarks.Hosting;
using GitIntegration.Grains.Secrets;
using GitIntegration.ProviderEmulator;
using GitIntegration.ProviderEmulator.Control;

namespace GitIntegration.Benchmarks.ApiGateway;

/// <summary>
/// What OpenTelemetry metrics cost on the hot path: GET /api/v2/git/credentials on a warm link, all-in-one, with
/// metrics on (the default) against the same build with GitIntegration:Telemetry:Metrics=false. Each its own process
/// from the Release build (OpenTelemetry listens to meters by name across a whole process, so two gateways in one
/// process would measure each other), wrk in alternating rounds.
/// </summary>
public static class TelemetryBenchmark
{
    private const int Connections = 32;
    private const int Rounds = 7;
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(6);

    public static async Task RunAsync()
    {
        using var folder = new BenchFolder("telemetry");
        var (startedEmulator, github) = await GatewayUser.StartGitHubEmulatorAsync();
        await using var emulator = startedEmulator;
        var adminToken = LocalSecrets.NewAdminToken();

        await using var processes = new ProcessSet();
        var withMetrics = await StartGatewayAsync(processes, emulator, github, folder, adminToken, metrics: true);
        var withoutMetrics = await StartGatewayAsync(processes, emulator, github, folder, adminToken, metrics: false);
        await emulator.Client.RegisterAppAsync(github.Instance, new RegisterAppRequest(github.ClientId, github.ClientSecret,
            [$"{withMetrics}/external-auth/github/callback", $"{withoutMetrics}/external-auth/github/callback"], ExpiringTokens: true));

        var results = await WrkRounds.RunAsync(Rounds, Connections, Warmup, Duration,
            await TargetAsync(withoutMetrics, adminToken), await TargetAsync(withMetrics, adminToken));
        var (baseline, measured) = (results[0], results[1]);
        Report.Add($"OpenTelemetry metrics on: GET /api/v2/git/credentials, warm link, all-in-one, wrk {Connections} connections, median of {Rounds}",
            measured.ToString(), "metrics off (GitIntegration:Telemetry:Metrics=false) " + baseline,
            measured.RequestsPerSecond / baseline.RequestsPerSecond, ">= 0.9x of metrics off");
    }

    private static async Task<string> StartGatewayAsync(
        ProcessSet processes, EmulatorHost emulator, EmulatedProvider github, BenchFolder folder, string adminToken, bool metrics)
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        var data = Directory.CreateDirectory(Path.Combine(folder.Path, metrics ? "metrics-on" : "metrics-off")).FullName;
        var configuration = new Dictionary<string, string?>(EmulatedProviders.Configuration(emulator, [github]))
        {
            ["GitIntegration:AdminToken"] = adminToken,
            ["GitIntegration:EncryptionKeys:0"] = SecretKeyRing.GenerateKey(),
            ["GitIntegration:DataDirectory"] = data,
            ["GitIntegration:Storage:SqlitePath"] = Path.Combine(data, "gitintegration.db"),
            ["GitIntegration:Cluster:SiloPort"] = FreePort.Next().ToString(),
            ["GitIntegration:PublicUrl"] = url,
            ["GitIntegration:Telemetry:Metrics"] = metrics ? "true" : "false",
            // One caller drives all the load; the per-caller limit is raised so it measures the path, not the limiter.
            ["GitIntegration:Limits:RequestsPerSecondPerCaller"] = "10000000",
            ["GitIntegration:Limits:BurstPerCaller"] = "10000000",
        };
        var process = processes.Start(ProcessSet.ProductDll("ApiGateway", "GitIntegration.ApiGateway"), ["--urls", url], configuration);
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
}
