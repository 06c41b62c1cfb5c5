using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GitIntegration.ApiGateway.Auth;
using GitIntegration.ApiGateway.Demo;
using GitIntegration.ApiGateway.Hosting;
using GitIntegration.ProviderEmulator;
using GitIntegration.ProviderEmulator.Control;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitIntegration.Benchmarks.ApiGateway;

/// <summary>
/// GET /api/v2/git/credentials on a warm link (the all-in-one gateway: auth, rate limit, metrics, two grain
/// calls, the link's cached token) against bare Kestrel answering JSON of the same size, both driven by wrk.
/// </summary>
public static class GatewayBenchmark
{
    private const int Connections = 32;
    private const int Rounds = 3;
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(6);

    public static async Task RunAsync()
    {
        var folder = Directory.CreateTempSubdirectory("gitintegration-bench-gateway-").FullName;
        try
        {
            await using var emulator = await EmulatorHost.StartAsync();
            var github = EmulatedProvider.Create("github", "github", "github", "GitHub");
            await EmulatedProviders.CreateInstancesAsync(emulator, [github], "octo");
            await emulator.Client.UpdateSettingsAsync("github", new InstanceSettingsDto(AutoApprove: "octo"));
            var adminToken = LocalSecrets.NewAdminToken();
            await using var gateway = await StartGatewayAsync(emulator, github, folder, adminToken);
            var baseUrl = gateway.Services.GetRequiredService<PublicUrls>().Base;
            await EmulatedProviders.RegisterAppsAsync(emulator, [github], baseUrl);

            var token = await LinkedUserTokenAsync(baseUrl, adminToken);
            var path = "/api/v2/git/credentials";
            var url = $"{baseUrl}{path}?id=github";
            var headers = new Dictionary<string, string> { [SessionCredentials.HeaderName] = token };
            var body = await BodyAsync(url, token);
            await using var bare = await BareKestrel.StartAsync(path, body);

            var bareUrl = $"{bare.BaseUrl}{path}?id=github";
            await Wrk.RunAsync(bareUrl, Warmup, Connections, headers);
            await Wrk.RunAsync(url, Warmup, Connections, headers);
            // Alternating rounds, medians: other work on the machine then weighs on both sides alike.
            var baselines = new List<WrkResult>();
            var measurements = new List<WrkResult>();
            for (var round = 0; round < Rounds; round++)
            {
                baselines.Add(await Wrk.RunAsync(bareUrl, Duration, Connections, headers));
                measurements.Add(await Wrk.RunAsync(url, Duration, Connections, headers));
            }
            if (measurements.Sum(m => m.Errors) is var errors and > 0)
                throw new InvalidOperationException($"The gateway answered {errors} requests with an error status during the run.");
            var baseline = Median(baselines);
            var measured = Median(measurements);

            Report.Add($"GET /api/v2/git/credentials, warm link, {body.Length} B JSON, wrk {Connections} connections, {Environment.ProcessorCount} cores, median of {Rounds}",
                measured.ToString(), "bare Kestrel " + baseline, measured.RequestsPerSecond / baseline.RequestsPerSecond, ">= 0.50x of bare Kestrel throughput");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); }
            catch (IOException) { }
        }
    }

    private static WrkResult Median(List<WrkResult> runs)
    {
        static double Middle(IEnumerable<double> values) => values.Order().ElementAt(Rounds / 2);
        return new WrkResult(Middle(runs.Select(r => r.RequestsPerSecond)), Middle(runs.Select(r => r.P50Ms)), Middle(runs.Select(r => r.P99Ms)), 0);
    }

    private static async Task<WebApplication> StartGatewayAsync(EmulatorHost emulator, EmulatedProvider github, string folder, string adminToken)
    {
        var settings = new Dictionary<string, string?>
        {
            ["GitIntegration:AdminToken"] = adminToken,
            ["GitIntegration:DataDirectory"] = folder,
            ["GitIntegration:Storage:SqlitePath"] = Path.Combine(folder, "gitintegration.db"),
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

    /// <summary>Creates a user, links GitHub through the web flow, returns the user's session key.</summary>
    internal static async Task<string> LinkedUserTokenAsync(string baseUrl, string adminToken)
    {
        using var admin = new HttpClient { BaseAddress = new Uri(baseUrl + "/") };
        admin.DefaultRequestHeaders.Add(SessionCredentials.HeaderName, adminToken);
        (await admin.PostAsJsonAsync("api/v2/users", new { username = "bench" })).EnsureSuccessStatusCode();
        var key = JsonNode.Parse(await (await admin.PostAsync("api/v2/users/bench/keys", null)).Content.ReadAsStringAsync())!["key"]!.GetValue<string>();

        var cookies = new CookieContainer();
        cookies.Add(new Uri(baseUrl), new Cookie(SessionCredentials.CookieName, key));
        using var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = cookies }) { BaseAddress = new Uri(baseUrl + "/") };
        var next = new Uri(new Uri(baseUrl), "external-auth/github/callback");
        for (var hop = 0; hop < 4; hop++)
        {
            using var response = await browser.GetAsync(next);
            if (response.Headers.Location is null)
                break;
            next = new Uri(next, response.Headers.Location);
        }
        return key;
    }

    internal static async Task<byte[]> BodyAsync(string url, string token)
    {
        using var client = new HttpClient();
        client.DefaultRequestHeaders.Add(SessionCredentials.HeaderName, token);
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsByteArrayAsync();
        if (response.StatusCode != HttpStatusCode.OK || !JsonNode.Parse(body)!.AsObject().ContainsKey("access_token"))
            throw new InvalidOperationException($"The warm-up call did not return credentials: {(int)response.StatusCode}");
        return body;
    }
}
