using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GitIntegration.EndToEnd.Browser;

/// <summary>
/// The operators' pages in Chromium against the --demo service: the Orleans dashboard at /dashboard (administrators
/// only) and the API reference at /docs, which must work without any other host.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class OperatorPagesTests(BrowserFixture fixture)
{
    private DemoService Demo => fixture.Demo;

    [Fact]
    public async Task An_admin_signed_in_in_the_browser_sees_the_silo_and_the_link_grains_on_the_dashboard()
    {
        await using var browser = await UserBrowser.OpenAsync(fixture, nameof(An_admin_signed_in_in_the_browser_sees_the_silo_and_the_link_grains_on_the_dashboard));
        var page = browser.Page;
        var offsite = WatchOtherHosts(page);
        await LinkAUserByTokenAsync("ivan");

        await browser.SignInWithKeyAsync(Demo.AdminToken, "Providers");
        var response = await page.GotoAsync("/dashboard");

        Assert.Equal(200, response!.Status);
        await Expect(page).ToHaveURLAsync(new Regex("/dashboard/$"));
        await Expect(page).ToHaveTitleAsync("Orleans Dashboard");
        await Expect(page.Locator("#content")).ToContainTextAsync("Silos", new() { Timeout = 30_000 });
        await browser.ShotAsync("dashboard-overview");

        await page.GotoAsync("/dashboard/#/silos");
        await Expect(page.Locator("#content")).ToContainTextAsync(new Regex(@"127\.0\.0\.1:\d+"));
        await Expect(page.Locator("#content")).ToContainTextAsync("Active");
        await browser.ShotAsync("dashboard-silos");

        // The link grain made above shows with its type name once the dashboard has collected the counters.
        await page.GotoAsync("/dashboard/#/grains");
        await Expect(page.Locator("#content")).ToContainTextAsync("GitLinkGrain", new() { Timeout = 30_000 });
        await browser.ShotAsync("dashboard-grains");
        Assert.Empty(offsite);
    }

    [Fact]
    public async Task A_member_signed_in_in_the_browser_is_refused_the_dashboard_and_its_data()
    {
        await using var browser = await UserBrowser.OpenAsync(fixture, nameof(A_member_signed_in_in_the_browser_is_refused_the_dashboard_and_its_data));
        var page = browser.Page;
        await browser.SignInWithKeyAsync(await Demo.CreateUserWithKeyAsync("judy"), "Git providers");

        var response = await page.GotoAsync("/dashboard/");

        Assert.Equal(403, response!.Status);
        await Expect(page.Locator("body")).ToContainTextAsync("This route is for administrators.");
        await Expect(page).Not.ToHaveTitleAsync("Orleans Dashboard");
        await browser.ShotAsync("dashboard-refused");
        // The data the dashboard's script would poll, asked for with the member's cookie.
        foreach (var data in new[] { "/dashboard/DashboardCounters", "/dashboard/GrainTypes", "/dashboard/index.min.js" })
        {
            var answer = await page.APIRequest.GetAsync(data);
            Assert.Equal(403, answer.Status);
            Assert.DoesNotContain("GitLinkGrain", await answer.TextAsync());
        }
    }

    [Fact]
    public async Task The_API_reference_renders_from_this_service_alone()
    {
        await using var browser = await UserBrowser.OpenAsync(fixture, nameof(The_API_reference_renders_from_this_service_alone));
        var page = browser.Page;
        var offsite = WatchOtherHosts(page);
        var refused = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
                lock (refused)
                    refused.Add(message.Text);
        };

        await page.GotoAsync("/docs");

        await Expect(page).ToHaveURLAsync(new Regex("/docs/$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "GitIntegration API" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "The process is alive" })).ToBeVisibleAsync();
        await browser.ShotAsync("api-reference");

        // A deep link to one operation, as the reference's own links make them.
        await page.GotoAsync("/docs/#tag/git/GET/api/v2/git/credentials");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Credentials for a remote URL (or provider id), as the git credential helper asks" }))
            .ToBeVisibleAsync();
        await Expect(page.GetByText("GitCredentials").First).ToBeVisibleAsync();
        await browser.ShotAsync("api-reference-git-credentials");

        Assert.Empty(offsite);
        Assert.Empty(refused);
    }

    /// <summary>A user with a link made by personal access token, so a link grain is active in the silo.</summary>
    private async Task LinkAUserByTokenAsync(string username)
    {
        var key = await Demo.CreateUserWithKeyAsync(username);
        var pat = await Demo.Emulator.IssuePersonalAccessTokenAsync("gitlab", "octo-demo");
        using var api = new HttpClient { BaseAddress = new Uri(Demo.BaseUrl + "/") };
        api.DefaultRequestHeaders.Add("Coder-Session-Token", key);
        var linked = await api.PutAsJsonAsync("api/v2/external-auth/demo-gitlab/token", new { token = pat.Token });
        Assert.True(linked.IsSuccessStatusCode, await linked.Content.ReadAsStringAsync());
    }

    /// <summary>Every http(s) request the page makes to a host other than this service (a CDN, fonts, telemetry).</summary>
    private List<string> WatchOtherHosts(IPage page)
    {
        var service = new Uri(Demo.BaseUrl);
        var offsite = new List<string>();
        page.Request += (_, request) =>
        {
            if (Uri.TryCreate(request.Url, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" && url.Authority != service.Authority)
                lock (offsite)
                    offsite.Add(request.Url);
        };
        return offsite;
    }
}
