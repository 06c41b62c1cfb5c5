using System.Net;
using System.Net.Http.Json;
using GitIntegration.ApiGateway.Auth;
using GitIntegration.ApiGateway.Tests.Support;

namespace GitIntegration.ApiGateway.Tests;

/// <summary>The web UI's sign-in: POST /api/v2/sessions (a pasted key becomes the cookie) and the sign-in providers.</summary>
public sealed class SessionTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    private static HttpRequestMessage Paste(string? key) =>
        new(HttpMethod.Post, "api/v2/sessions") { Content = JsonContent.Create(new { key }) };

    [Fact]
    public async Task A_pasted_session_key_signs_the_browser_in_with_a_session_of_its_own()
    {
        var alice = await _gateway.CreateUserAsync("alice");
        using var browser = _gateway.Browser();

        var answer = await browser.SendAsync(Paste(alice.Token));

        Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
        var cookie = Assert.Single(answer.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.NotEqual(alice.Token, browser.Cookie(SessionCredentials.CookieName));
        Assert.Equal("alice", (await Json.ReadAsync(await browser.GetAsync("api/v2/users/me")))["username"]!.GetValue<string>());

        // Signing the browser out ends its own session, not the key that was pasted.
        Assert.Equal(HttpStatusCode.NoContent, (await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, "logout"))).StatusCode);
        await Json.AssertErrorAsync(await browser.GetAsync("api/v2/users/me"), 401);
        Assert.Equal(HttpStatusCode.OK, (await alice.Api.GetAsync("api/v2/users/me")).StatusCode);
    }

    [Fact]
    public async Task The_admin_token_signs_the_browser_in_as_the_admin()
    {
        using var browser = _gateway.Browser();

        Assert.Equal(HttpStatusCode.NoContent, (await browser.SendAsync(Paste(TestGateway.AdminToken))).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("api/v2/admin/ssh")).StatusCode);
        await Json.AssertErrorAsync(await browser.GetAsync("api/v2/users/me"), 404); // the admin token is not a user
    }

    [Fact]
    public async Task A_sign_in_link_pasted_as_a_key_is_spent()
    {
        var bob = await _gateway.CreateUserAsync("bob");
        var link = await Json.ReadAsync(await _gateway.Admin.PostAsync("api/v2/users/bob/login-link", null));
        var key = new Uri(link["url"]!.GetValue<string>()).Query.Split('=')[1];
        using var first = _gateway.Browser();
        using var second = _gateway.Browser();

        Assert.Equal(HttpStatusCode.NoContent, (await first.SendAsync(Paste(Uri.UnescapeDataString(key)))).StatusCode);
        Assert.Equal(bob.Id, (await Json.ReadAsync(await first.GetAsync("api/v2/users/me")))["id"]!.GetValue<string>());

        await Json.AssertErrorAsync(await second.SendAsync(Paste(Uri.UnescapeDataString(key))), 401);
        Assert.Null(second.Cookie(SessionCredentials.CookieName));
    }

    [Fact]
    public async Task Unknown_revoked_and_missing_keys_set_no_cookie()
    {
        var carol = await _gateway.CreateUserAsync("carol");
        var keys = (await Json.ReadAsync(await carol.Api.GetAsync("api/v2/users/me/keys"))).AsArray();
        await carol.Api.DeleteAsync($"api/v2/users/me/keys/{keys[0]!["id"]!.GetValue<string>()}");
        using var browser = _gateway.Browser();

        var unknown = await Json.AssertErrorAsync(await browser.SendAsync(Paste(new string('A', 43))), 401);
        await Json.AssertErrorAsync(await browser.SendAsync(Paste(carol.Token)), 401);
        await Json.AssertErrorAsync(await browser.SendAsync(Paste(new string('x', 5000))), 401);
        var missing = await Json.AssertErrorAsync(await browser.SendAsync(Paste(null)), 400);

        Assert.Equal("This key is not valid.", unknown["message"]!.GetValue<string>());
        Assert.Equal("key", missing["validations"]![0]!["field"]!.GetValue<string>());
        Assert.Null(browser.Cookie(SessionCredentials.CookieName));
    }

    [Fact]
    public async Task The_sign_in_page_lists_only_providers_that_allow_sign_in_to_anyone()
    {
        using var anonymous = _gateway.Client();

        var answer = await Json.ReadAsync(await anonymous.GetAsync("api/v2/sessions/providers"));

        var provider = Assert.Single(answer["providers"]!.AsArray())!;
        Assert.Equal(Json.Sorted("id", "display_name", "display_icon"), Json.Fields(provider));
        Assert.Equal("github", provider["id"]!.GetValue<string>());
        Assert.Equal("GitHub (emulated)", provider["display_name"]!.GetValue<string>());
    }
}
