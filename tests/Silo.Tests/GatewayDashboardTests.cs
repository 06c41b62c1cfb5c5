using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GitIntegration.Silo.Tests.Support;
using GitIntegration.TestSupport;

namespace GitIntegration.Silo.Tests;

/// <summary>
/// The Orleans dashboard served by a gateway (src/ApiGateway --mode gateway, an Orleans client) in front of a
/// cluster of silo processes: it shows every silo and the link grains they run, to administrators only.
/// </summary>
public sealed class GatewayDashboardTests
{
    private static readonly string[] Paths =
    [
        "dashboard", "dashboard/", "dashboard/index.min.js", "dashboard/DashboardCounters", "dashboard/ClusterStats",
        "dashboard/GrainTypes", "dashboard/TopGrainMethods", "dashboard/Reminders", "dashboard/SiloStats/127.0.0.1:1@1", "dashboard/Trace",
    ];

    [PostgresFact]
    public async Task The_gateways_dashboard_shows_every_silo_and_the_link_grains_to_admins_only()
    {
        await using var cluster = await ClusterProcesses.CreateAsync();
        var silos = await cluster.AddSilosAsync(2);
        await cluster.StartGatewayAsync();
        await cluster.ConnectClientAsync();
        var member = (await LinkSetup.LinkUsersAsync(cluster, 1))[0]; // a member whose link grain now runs in a silo

        using var anonymous = Client(cluster, null);
        using var memberClient = Client(cluster, member.SessionKey);
        foreach (var path in Paths)
        {
            await AssertRefusedAsync(anonymous, path, HttpStatusCode.Unauthorized);
            await AssertRefusedAsync(memberClient, path, HttpStatusCode.Forbidden);
        }

        using var admin = Client(cluster, cluster.AdminToken);
        var page = await admin.GetAsync("dashboard/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<title>Orleans Dashboard</title>", await page.Content.ReadAsStringAsync());
        var counters = await WaitForCountersAsync(admin, c =>
            silos.All(s => Hosts(c).Any(h => h["siloAddress"]!.GetValue<string>().StartsWith($"127.0.0.1:{s.SiloPort}@", StringComparison.Ordinal)
                                             && h["status"]!.GetValue<string>() == "Active"))
            && c["simpleGrainStats"]!.AsArray().Any(g => g!["grainType"]!.GetValue<string>().EndsWith("GitLinkGrain", StringComparison.Ordinal)
                                                        && g["activationCount"]!.GetValue<int>() > 0));
        Assert.Equal(2, Hosts(counters).Count(h => h["status"]!.GetValue<string>() == "Active"));

        // An admin's browser: the admin token made into the session cookie.
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies, UseCookies = true }) { BaseAddress = new Uri(cluster.GatewayUrl + "/") };
        var signedIn = await browser.PostAsJsonAsync("api/v2/sessions", new { key = cluster.AdminToken });
        Assert.Equal(HttpStatusCode.NoContent, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("dashboard/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("dashboard/DashboardCounters")).StatusCode);
    }

    private static IEnumerable<JsonNode> Hosts(JsonNode counters) => counters["hosts"]!.AsArray().Select(h => h!);

    private static HttpClient Client(ClusterProcesses cluster, string? token)
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(cluster.GatewayUrl + "/") };
        if (token is not null)
            client.DefaultRequestHeaders.Add("Coder-Session-Token", token);
        return client;
    }

    private static async Task AssertRefusedAsync(HttpClient client, string path, HttpStatusCode status)
    {
        using var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{path}: expected {(int)status}, got {(int)response.StatusCode}: {text[..Math.Min(200, text.Length)]}");
        Assert.False(string.IsNullOrEmpty(JsonNode.Parse(text)!["message"]!.GetValue<string>()), path);
        Assert.DoesNotContain("silo", text, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The dashboard collects the silos' counters every second; waits until they show what the test needs.</summary>
    private static async Task<JsonNode> WaitForCountersAsync(HttpClient admin, Func<JsonNode, bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        JsonNode counters;
        do
        {
            await Task.Delay(500, CancellationToken.None);
            using var response = await admin.GetAsync("dashboard/DashboardCounters");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            counters = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        } while (!condition(counters) && !deadline.IsCancellationRequested);
        Assert.True(condition(counters), $"the dashboard's counters never showed both silos and the link grain:\n{counters.ToJsonString()[..Math.Min(3000, counters.ToJsonString().Length)]}");
        return counters;
    }
}
