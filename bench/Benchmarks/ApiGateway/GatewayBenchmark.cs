using GitIntegration.ApiGateway.Auth;
using GitIntegration.ApiGateway.Demo;
using GitIntegration.ApiGateway.Hosting;
using GitIntegration.Benchmarks.Hosting;
using GitIntegration.ProviderEmulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitIntegration.Benchmarks.ApiGateway;

/// <summary>
/// GET /api/v2/git/credentials on a warm link, all-in-one in this process (the whole pipeline: authentication, rate
/// limit, metrics, the grain calls, the link's cached token) against bare Kestrel answering JSON of the same size,
/// both driven by wrk in alternating rounds.
/// </summary>
public static class GatewayBenchmark
{
    private const int Connections = 32;
    private const int Rounds = 5;
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(6);

    public static async Task RunAsync()
    {
        using var folder = new BenchFolder("gateway");
        var (startedEmulator, github) = await GatewayUser.StartGitHubEmulatorAsync();
        await using var emulator = startedEmulator;
        var adminToken = LocalSecrets.NewAdminToken();
        await using var gateway = await StartGatewayAsync(emulator, github, folder.Path, adminToken);
        var baseUrl = gateway.Services.GetRequiredService<PublicUrls>().Base;
        await EmulatedProviders.RegisterAppsAsync(emulator, [github], baseUrl);

        var sessionKey = await GatewayUser.LinkedSessionKeyAsync(baseUrl, adminToken);
        var url = $"{baseUrl}{GatewayUser.CredentialsPath}?id=github";
        var headers = new Dictionary<string, string> { [SessionCredentials.HeaderName] = sessionKey };
        var body = await GatewayUser.CredentialsAsync(url, sessionKey);
        await using var bare = await BareKestrel.StartAsync(GatewayUser.CredentialsPath, body);

        // /healthz on the same gateway runs the same middleware pipeline without authentication, rate limiting or grain
        // calls: what the pipeline alone leaves of bare Kestrel's throughput.
        var results = await WrkRounds.RunAsync(Rounds, Connections, Warmup, Duration,
            new($"{bare.BaseUrl}{GatewayUser.CredentialsPath}?id=github", headers), new(url, headers), new($"{baseUrl}/healthz", headers));
        var (baseline, measured, health) = (results[0], results[1], results[2]);
        Report.Add($"GET /api/v2/git/credentials, warm link, all-in-one, {body.Length} B JSON, wrk {Connections} connections, median of {Rounds}",
            measured.ToString(), "bare Kestrel " + baseline, measured.RequestsPerSecond / baseline.RequestsPerSecond, ">= 0.6x of bare Kestrel");
        Report.Add("  for comparison: GET /healthz on the same gateway (pipeline only: no authentication, no grain call)",
            health.ToString(), "bare Kestrel, same rounds", health.RequestsPerSecond / baseline.RequestsPerSecond, "(breakdown)");
        await GatewayBreakdown.RunAsync(gateway, sessionKey);
    }

    private static async Task<WebApplication> StartGatewayAsync(EmulatorHost emulator, EmulatedProvider github, string folder, string adminToken)
    {
        var settings = new Dictionary<string, string?>
        {
            ["GitIntegration:AdminToken"] = adminToken,
            ["GitIntegration:DataDirectory"] = folder,
            ["GitIntegration:Storage:SqlitePath"] = Path.Combine(folder, "gitintegration.db"),
            ["GitIntegration:Cluster:SiloPort"] = FreePort.Next().ToString(),
            // One caller drives all the load here; the per-caller limit is raised so it measures the path, not the limiter's refusals.
            ["GitIntegration:Limits:RequestsPerSecondPerCaller"] = "10000000",
            ["GitIntegration:Limits:BurstPerCaller"] = "10000000",
        };
        foreach (var (key, value) in EmulatedProviders.Configuration(emulator, [github]))
            settings[key] = value;
        var app = GatewayApplication.Build(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.ClearProviders();
        });
        await app.StartAsync();
        return app;
    }
}
