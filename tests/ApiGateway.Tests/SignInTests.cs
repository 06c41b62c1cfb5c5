using System.Net;
using System.Web;
using GitIntegration.ApiGateway.Auth;
using GitIntegration.ApiGateway.Tests.Support;

namespace GitIntegration.ApiGateway.Tests;

public sealed class SignInTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    private async Task<(Browser Browser, HttpResponseMessage Final)> SignInAsync(string provider, string? redirect = null)
    {
        var browser = _gateway.Browser();
        var start = await browser.GetAsync($"login/{provider}" + (redirect is null ? "" : $"?redirect={Uri.EscapeDataString(redirect)}"));
        Assert.Equal(HttpStatusCode.TemporaryRedirect, start.StatusCode);
        var back = (await browser.GetAsync(start.Headers.Location!.ToString())).Headers.Location!;
        return (browser, await browser.GetAsync(back.ToString()));
    }

    [Fact]
    public async Task Signing_in_with_a_provider_creates_the_user_links_the_provider_and_sets_the_cookie()
    {
        var (browser, final) = await SignInAsync("github", "/settings");
        using var _ = browser;

        Assert.Equal(HttpStatusCode.Redirect, final.StatusCode);
        Assert.Equal("/settings", final.Headers.Location!.ToString());
        Assert.NotNull(browser.Cookie(SessionCredentials.CookieName));
        var me = await Json.ReadAsync(await browser.GetAsync("api/v2/users/me"));
        Assert.Equal(TestGateway.Login, me["username"]!.GetValue<string>());
        Assert.Equal(["github"], me["linked_providers"]!.AsArray().Select(p => p!.GetValue<string>()));
        var link = await Json.ReadAsync(await browser.GetAsync("api/v2/external-auth/github"));
        Assert.True(link["authenticated"]!.GetValue<bool>());
        Assert.Equal(TestGateway.Login, link["user"]!["login"]!.GetValue<string>());
    }

    [Fact]
    public async Task Signing_in_again_with_the_same_account_finds_the_same_user()
    {
        var (first, _) = await SignInAsync("github");
        var (second, _) = await SignInAsync("github");
        using (first)
        using (second)
        {
            var one = await Json.ReadAsync(await first.GetAsync("api/v2/users/me"));
            var two = await Json.ReadAsync(await second.GetAsync("api/v2/users/me"));
            Assert.Equal(one["id"]!.GetValue<string>(), two["id"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task A_taken_username_gets_a_suffix()
    {
        await _gateway.CreateUserAsync(TestGateway.Login);

        var (browser, _) = await SignInAsync("github");
        using var _browser = browser;

        Assert.Equal($"{TestGateway.Login}-2", (await Json.ReadAsync(await browser.GetAsync("api/v2/users/me")))["username"]!.GetValue<string>());
    }

    [Fact]
    public async Task Providers_without_sign_in_and_unknown_ones_are_404()
    {
        using var browser = _gateway.Browser();

        await Json.AssertErrorAsync(await browser.GetAsync("login/gitlab"), 404);
        await Json.AssertErrorAsync(await browser.GetAsync("login/nope"), 404);
        await Json.AssertErrorAsync(await browser.GetAsync("login/NOT_AN_ID"), 404);
    }

    [Fact]
    public async Task A_wrong_state_signs_nobody_in()
    {
        using var browser = _gateway.Browser();
        var start = await browser.GetAsync("login/github");
        var back = (await browser.GetAsync(start.Headers.Location!.ToString())).Headers.Location!;
        var code = HttpUtility.ParseQueryString(back.Query)["code"];

        var forged = await browser.GetAsync($"external-auth/github/callback?code={code}&state=forged");

        await Json.AssertErrorAsync(forged, 401);
        Assert.Null(browser.Cookie(SessionCredentials.CookieName));
        await Json.AssertErrorAsync(await _gateway.Admin.GetAsync($"api/v2/users/{TestGateway.Login}"), 404);
    }

    [Fact]
    public async Task A_sign_in_flow_is_spent_once_used()
    {
        using var browser = _gateway.Browser();
        var start = await browser.GetAsync("login/github");
        var back = (await browser.GetAsync(start.Headers.Location!.ToString())).Headers.Location!;
        var flowCookie = browser.Cookie(SignInFlowCookie.Name)!;
        await browser.GetAsync(back.ToString());

        using var replay = _gateway.Browser();
        replay.Cookies.Add(new Uri(_gateway.BaseUrl), new Cookie(SignInFlowCookie.Name, flowCookie));
        var replayed = await replay.GetAsync(back.PathAndQuery);

        await Json.AssertErrorAsync(replayed, 400);
        Assert.Null(replay.Cookie(SessionCredentials.CookieName));
    }

    [Fact]
    public async Task A_refused_sign_in_is_400()
    {
        using var browser = _gateway.Browser();
        var start = await browser.GetAsync("login/github");
        var state = HttpUtility.ParseQueryString(start.Headers.Location!.Query)["state"];

        await Json.AssertErrorAsync(await browser.GetAsync($"external-auth/github/callback?error=access_denied&state={state}"), 400);

        Assert.Null(browser.Cookie(SessionCredentials.CookieName));
    }
}
