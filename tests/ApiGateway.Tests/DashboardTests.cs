using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GitIntegration.ApiGateway.Auth;
using GitIntegration.ApiGateway.Tests.Support;

namespace GitIntegration.ApiGateway.Tests;

/// <summary>
/// The Orleans dashboard at /dashboard in all-in-one mode: its page, scripts and every data endpoint are for
/// administrators only (the admin token, an admin's key, or either as the browser's session cookie).
/// </summary>
public sealed class DashboardTests : IAsyncLifetime
{
    /// <summary>Everything the dashboard serves: the page, its assets, and the JSON and log stream it polls.</summary>
    public static readonly string[] Paths =
    [
        "dashboard", "dashboard/", "dashboard/index.html", "dashboard/index.min.js", "dashboard/index.css", "dashboard/favicon.ico",
        "dashboard/version", "dashboard/DashboardCounters", "dashboard/ClusterStats", "dashboard/Reminders", "dashboard/Reminders/1",
        "dashboard/GrainTypes", "dashboard/TopGrainMethods", "dashboard/LifecycleStages",
        "dashboard/GrainStats/GitIntegration.Grains.Links.GitLinkGrain", "dashboard/HistoricalStats/127.0.0.1:1@1",
        "dashboard/SiloProperties/127.0.0.1:1@1", "dashboard/SiloMetadata/127.0.0.1:1@1", "dashboard/SiloStats/127.0.0.1:1@1",
        "dashboard/SiloCounters/127.0.0.1:1@1", "dashboard/GrainState?grainId=x&grainType=GitIntegration.Grains.Users.UserGrain",
        "dashboard/Trace",
    ];

    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Without_a_session_every_dashboard_path_is_401_with_the_error_body()
    {
        using var anonymous = _gateway.Client();
        using var wrongToken = _gateway.Client("not-a-session-token");

        foreach (var path in Paths)
        {
            await AssertRefusedAsync(anonymous, path, 401);
            await AssertRefusedAsync(wrongToken, path, 401);
        }
    }

    [Fact]
    public async Task A_members_session_gets_403_on_every_dashboard_path_by_header_or_cookie()
    {
        var member = await _gateway.CreateUserAsync("mallory");
        using var browser = _gateway.Browser();
        var signedIn = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, "api/v2/sessions") { Content = JsonContent.Create(new { key = member.Token }) });
        Assert.Equal(HttpStatusCode.NoContent, signedIn.StatusCode);
        using var cookieClient = CookieClient(browser.Cookie(SessionCredentials.CookieName)!);

        foreach (var path in Paths)
        {
            await AssertRefusedAsync(member.Api, path, 403);
            await AssertRefusedAsync(cookieClient, path, 403);
        }
    }

    [Fact]
    public async Task The_admin_token_gets_the_page_its_script_and_the_clusters_data()
    {
        var alice = await _gateway.CreateUserAsync("alice");
        await _gateway.LinkAsync(alice, "github");

        var redirect = await _gateway.Admin.GetAsync("dashboard");
        var page = await _gateway.Admin.GetAsync("dashboard/");
        var script = await _gateway.Admin.GetAsync("dashboard/index.min.js");
        var grainTypes = await _gateway.Admin.GetAsync("dashboard/GrainTypes");

        Assert.Equal("/dashboard/", redirect.RequestMessage!.RequestUri!.AbsolutePath); // followed from /dashboard
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<title>Orleans Dashboard</title>", await page.Content.ReadAsStringAsync());
        Assert.Equal("frame-ancestors 'none'", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Contains("GitIntegration.Grains.Links.GitLinkGrain", (await Json.ReadAsync(grainTypes)).AsArray().Select(t => t!.GetValue<string>()));

        // The co-hosted silo, and the link's grain once the dashboard has collected its counters (every second).
        var counters = await WaitForCountersAsync(_gateway.Admin, c => c["simpleGrainStats"]!.AsArray()
            .Any(g => g!["grainType"]!.GetValue<string>().EndsWith("GitLinkGrain", StringComparison.Ordinal) && g["activationCount"]!.GetValue<int>() > 0));
        var host = Assert.Single(counters["hosts"]!.AsArray())!;
        Assert.Equal("Active", host["status"]!.GetValue<string>());

        using var trace = await _gateway.Admin.GetAsync("dashboard/Trace", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, trace.StatusCode);
    }

    [Fact]
    public async Task An_admins_browser_session_gets_the_dashboard_whether_signed_in_with_a_key_or_the_admin_token()
    {
        var admin = await _gateway.CreateUserAsync("ada", "admin");
        // The dashboard collects its counters every second; until its first round the host list is empty.
        await WaitForCountersAsync(_gateway.Admin, c => c["hosts"]!.AsArray().Count > 0);

        foreach (var key in new[] { admin.Token, TestGateway.AdminToken })
        {
            using var browser = _gateway.Browser();
            var signedIn = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, "api/v2/sessions") { Content = JsonContent.Create(new { key }) });
            Assert.Equal(HttpStatusCode.NoContent, signedIn.StatusCode);

            var page = await browser.FollowAsync("dashboard");
            var counters = await browser.GetAsync("dashboard/DashboardCounters");

            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("/dashboard/", browser.Visited[^2].AbsolutePath);
            Assert.Contains("<title>Orleans Dashboard</title>", await page.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, counters.StatusCode);
            Assert.NotEmpty((await Json.ReadAsync(counters))["hosts"]!.AsArray());
        }
    }

    /// <summary>A refusal is the error body and nothing of the dashboard: no page, no script, no cluster data.</summary>
    public static async Task AssertRefusedAsync(HttpClient client, string path, int status)
    {
        using var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"{path}: expected {status}, got {(int)response.StatusCode}: {text[..Math.Min(200, text.Length)]}");
        var error = JsonNode.Parse(text)!;
        Assert.False(string.IsNullOrEmpty(error["message"]!.GetValue<string>()), path);
        Assert.DoesNotContain("Orleans", text);
        Assert.DoesNotContain("silo", text, StringComparison.OrdinalIgnoreCase);
    }

    private HttpClient CookieClient(string session)
    {
        var cookies = new CookieContainer();
        cookies.Add(new Uri(_gateway.BaseUrl), new Cookie(SessionCredentials.CookieName, session));
        return new HttpClient(new SocketsHttpHandler { CookieContainer = cookies, UseCookies = true, AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(_gateway.BaseUrl + "/"),
        };
    }

    private static async Task<JsonNode> WaitForCountersAsync(HttpClient admin, Func<JsonNode, bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        JsonNode counters;
        do
        {
            await Task.Delay(250, CancellationToken.None);
            counters = await Json.ReadAsync(await admin.GetAsync("dashboard/DashboardCounters"));
        } while (!condition(counters) && !deadline.IsCancellationRequested);
        Assert.True(condition(counters), $"the dashboard's counters never showed it:\n{counters.ToJsonString()[..Math.Min(2000, counters.ToJsonString().Length)]}");
        return counters;
    }
}
